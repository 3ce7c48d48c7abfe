package latentlab.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Set;
import latentlab.model.VaeArchitecture;

/**
 * Everything that defines a training run, validated in one place. {@code exact} selects the course
 * model's own initialisation (PyTorch default); otherwise Kaiming-normal, which never collapsed in our
 * seed table (docs/collapse.md). {@code trainLimit} 0 means all 60,000 training images.
 */
public record Hyperparameters(int epochs, int batchSize, double learningRate, int latentDim, double beta,
                              int warmupEpochs, long seed, int trainLimit, boolean exact) {
    public static final int MAX_EPOCHS = 1000;
    public static final int MAX_BATCH = 4096;
    public static final int TRAIN_IMAGES = 60_000;
    private static final Set<String> FIELDS = Set.of("epochs", "batchSize", "learningRate", "latentDim", "beta",
            "warmupEpochs", "seed", "trainLimit", "exact");
    private static final ObjectMapper JSON = new ObjectMapper();

    public Hyperparameters {
        require(epochs >= 1 && epochs <= MAX_EPOCHS, "epochs", "must be 1.." + MAX_EPOCHS + ", got " + epochs);
        require(batchSize >= 1 && batchSize <= MAX_BATCH, "batchSize", "must be 1.." + MAX_BATCH + ", got " + batchSize);
        require(Double.isFinite(learningRate) && learningRate > 0 && learningRate <= 1, "learningRate",
                "must be a number in (0, 1], got " + learningRate);
        require(latentDim >= VaeArchitecture.MIN_LATENT && latentDim <= VaeArchitecture.MAX_LATENT, "latentDim",
                "must be " + VaeArchitecture.MIN_LATENT + ".." + VaeArchitecture.MAX_LATENT + ", got " + latentDim);
        require(Double.isFinite(beta) && beta >= 0 && beta <= 100, "beta", "must be a number in [0, 100], got " + beta);
        require(warmupEpochs >= 0 && warmupEpochs <= MAX_EPOCHS, "warmupEpochs",
                "must be 0.." + MAX_EPOCHS + ", got " + warmupEpochs);
        require(trainLimit >= 0 && trainLimit <= TRAIN_IMAGES, "trainLimit",
                "must be 0 (all) or 1.." + TRAIN_IMAGES + ", got " + trainLimit);
    }

    /** The course defaults: 10 epochs, batch 128, Adam 1e-3, latent 2, β 1, no warm-up, seed 0. */
    public static Hyperparameters defaults() {
        return new Hyperparameters(10, 128, 1e-3, 2, 1.0, 0, 0, 0, false);
    }

    /** Training images seen per epoch. */
    public int imagesPerEpoch() {
        return trainLimit == 0 ? TRAIN_IMAGES : trainLimit;
    }

    /** Batches per epoch; the last one may be short. */
    public int batchesPerEpoch() {
        return (imagesPerEpoch() + batchSize - 1) / batchSize;
    }

    /** The KL weight at a point of training: β, ramped linearly from 0 over the warm-up epochs. */
    public float klWeight(int epoch, double fractionOfEpoch) {
        if (warmupEpochs == 0) {
            return (float) beta;
        }
        double progress = (epoch - 1 + fractionOfEpoch) / warmupEpochs;
        return (float) (beta * Math.min(1.0, progress));
    }

    public Hyperparameters withEpochs(int newEpochs) {
        return new Hyperparameters(newEpochs, batchSize, learningRate, latentDim, beta, warmupEpochs, seed,
                trainLimit, exact);
    }

    public String toJson() {
        return JSON.valueToTree(this).toString();
    }

    /**
     * Parses a JSON object; fields left out take their {@link #defaults()}. Unknown fields, wrong types
     * and out-of-range values throw {@link InvalidHyperparameterException} naming the field.
     */
    public static Hyperparameters fromJson(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text == null ? "" : text);
        } catch (Exception e) {
            throw new InvalidHyperparameterException("body", "is not valid JSON");
        }
        if (node == null || node.isMissingNode()) {
            node = JSON.createObjectNode();
        }
        if (!node.isObject()) {
            throw new InvalidHyperparameterException("body", "must be a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidHyperparameterException(name, "is not a hyperparameter (known: epochs, batchSize, "
                        + "learningRate, latentDim, beta, warmupEpochs, seed, trainLimit, exact)");
            }
        }
        Hyperparameters d = defaults();
        ObjectNode o = (ObjectNode) node;
        return new Hyperparameters(
                intField(o, "epochs", d.epochs), intField(o, "batchSize", d.batchSize),
                numberField(o, "learningRate", d.learningRate), intField(o, "latentDim", d.latentDim),
                numberField(o, "beta", d.beta), intField(o, "warmupEpochs", d.warmupEpochs),
                longField(o, "seed", d.seed), intField(o, "trainLimit", d.trainLimit),
                booleanField(o, "exact", d.exact));
    }

    private static int intField(ObjectNode o, String name, int fallback) {
        long value = longField(o, name, fallback);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new InvalidHyperparameterException(name, "is out of range: " + value);
        }
        return (int) value;
    }

    private static long longField(ObjectNode o, String name, long fallback) {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new InvalidHyperparameterException(name, "must be a whole number, got " + v);
        }
        return v.asLong();
    }

    private static double numberField(ObjectNode o, String name, double fallback) {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new InvalidHyperparameterException(name, "must be a number, got " + v);
        }
        return v.asDouble();
    }

    private static boolean booleanField(ObjectNode o, String name, boolean fallback) {
        JsonNode v = o.get(name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw new InvalidHyperparameterException(name, "must be true or false, got " + v);
        }
        return v.asBoolean();
    }

    private static void require(boolean ok, String field, String message) {
        if (!ok) {
            throw new InvalidHyperparameterException(field, message);
        }
    }
}
