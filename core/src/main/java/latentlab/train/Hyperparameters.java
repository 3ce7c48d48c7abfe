package latentlab.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import latentlab.json.InvalidFieldException;
import latentlab.json.Json;
import latentlab.json.JsonFields;

/**
 * Everything that defines a training run, validated in one place against {@link HyperparameterSpec#ALL}
 * (names, types, ranges and defaults live there, once). {@code exact} selects the course model's own
 * initialisation (PyTorch default); otherwise Kaiming-normal, which never collapsed in our seed table
 * (docs/collapse.md). {@code trainLimit} 0 means all 60,000 training images.
 */
public record Hyperparameters(int epochs, int batchSize, double learningRate, int latentDim, double beta,
                              int warmupEpochs, long seed, int trainLimit, boolean exact) {
    public static final int MAX_EPOCHS = 1000;
    public static final int MAX_BATCH = 4096;
    public static final int TRAIN_IMAGES = 60_000;
    private static final RecordComponent[] COMPONENTS = Hyperparameters.class.getRecordComponents();

    public Hyperparameters {
        double[] values = {epochs, batchSize, learningRate, latentDim, beta, warmupEpochs, seed, trainLimit, exact ? 1 : 0};
        for (int i = 0; i < values.length; i++) {
            HyperparameterSpec.ALL.get(i).check(values[i]); // the spec lists the components in this order (tested)
        }
    }

    /** The course defaults, as the spec states them: 10 epochs, batch 128, Adam 1e-3, latent 2, β 1, seed 0. */
    public static Hyperparameters defaults() {
        Object[] args = new Object[COMPONENTS.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = HyperparameterSpec.of(COMPONENTS[i].getName()).defaultValue();
        }
        return construct(args);
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
        return (float) (beta * klRamp(epoch, fractionOfEpoch));
    }

    /** The KL warm-up's share of β at this point of training: 0 → 1 over {@code warmupEpochs}, then 1. */
    public double klRamp(int epoch, double fractionOfEpoch) {
        if (warmupEpochs == 0) {
            return 1.0;
        }
        return Math.min(1.0, (epoch - 1 + fractionOfEpoch) / warmupEpochs);
    }

    /** The settings that differ from the defaults, by name, in the order of the spec (for a run's one-line summary). */
    public java.util.Map<String, Object> differencesFromDefaults() {
        com.fasterxml.jackson.databind.JsonNode mine = latentlab.json.Json.MAPPER.valueToTree(this);
        com.fasterxml.jackson.databind.JsonNode standard = latentlab.json.Json.MAPPER.valueToTree(defaults());
        java.util.Map<String, Object> differ = new java.util.LinkedHashMap<>();
        for (HyperparameterSpec spec : HyperparameterSpec.ALL) {
            if (!mine.get(spec.name()).equals(standard.get(spec.name()))) {
                differ.put(spec.name(), latentlab.json.Json.MAPPER.convertValue(mine.get(spec.name()), Object.class));
            }
        }
        return differ;
    }

    public Hyperparameters withEpochs(int newEpochs) {
        return with(Map.of("epochs", newEpochs));
    }

    /**
     * These settings with some changed, by name ({@code Integer}/{@code Long} for whole numbers,
     * {@code Double} for numbers, {@code Boolean}); each checked against its spec.
     */
    public Hyperparameters with(Map<String, ?> changes) {
        changes.keySet().forEach(HyperparameterSpec::of); // an unknown name is refused
        Object[] args = new Object[COMPONENTS.length];
        for (int i = 0; i < args.length; i++) {
            String name = COMPONENTS[i].getName();
            args[i] = changes.containsKey(name) ? changes.get(name) : valueOf(COMPONENTS[i]);
        }
        return construct(args);
    }

    public String toJson() {
        return Json.text(this);
    }

    /**
     * Parses a JSON object; fields left out take their {@link #defaults()}. Unknown fields, wrong types
     * and out-of-range values throw {@link InvalidHyperparameterException} naming the field.
     */
    public static Hyperparameters fromJson(String text) {
        try {
            ObjectNode o = Json.parseObject(text);
            Map<String, Object> given = new LinkedHashMap<>();
            o.fieldNames().forEachRemaining(name -> {
                HyperparameterSpec spec = HyperparameterSpec.of(name);
                Object value = switch (spec.type()) {
                    case INTEGER -> JsonFields.wholeNumber(o, name);
                    case NUMBER -> JsonFields.number(o, name);
                    case BOOLEAN -> JsonFields.bool(o, name);
                };
                if (value != null) {
                    given.put(name, value);
                }
            });
            return defaults().with(given);
        } catch (InvalidHyperparameterException e) {
            throw e;
        } catch (InvalidFieldException e) {
            throw new InvalidHyperparameterException(e.field(), e.problem());
        }
    }

    private Object valueOf(RecordComponent component) {
        try {
            return component.getAccessor().invoke(this);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The canonical constructor, from values by component order, each narrowed to its component's type. */
    private static Hyperparameters construct(Object[] values) {
        Object[] args = new Object[COMPONENTS.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = narrow(HyperparameterSpec.of(COMPONENTS[i].getName()), COMPONENTS[i].getType(), values[i]);
        }
        try {
            Constructor<Hyperparameters> canonical = Hyperparameters.class.getDeclaredConstructor(
                    Arrays.stream(COMPONENTS).map(RecordComponent::getType).toArray(Class<?>[]::new));
            return canonical.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object narrow(HyperparameterSpec spec, Class<?> type, Object value) {
        if (type == boolean.class) {
            if (value instanceof Boolean b) {
                return b;
            }
            throw new InvalidHyperparameterException(spec.name(), "must be true or false, got " + value);
        }
        if (!(value instanceof Number n) || type != double.class && n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new InvalidHyperparameterException(spec.name(), "must be " + (type == double.class ? "a number"
                    : "a whole number") + ", got " + value);
        }
        if (type == int.class) {
            spec.check(n.doubleValue()); // before narrowing: 4,294,967,297 epochs must not become 1
            return n.intValue();
        }
        return type == long.class ? (Object) n.longValue() : (Object) n.doubleValue();
    }

    /** The spec's names in component order, for the test that keeps the two in step. */
    static List<String> componentNames() {
        return Arrays.stream(COMPONENTS).map(RecordComponent::getName).toList();
    }
}
