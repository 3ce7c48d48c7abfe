package latentlab.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import latentlab.train.EpochMetrics;
import latentlab.train.Hyperparameters;
import latentlab.train.RunDirectory;
import latentlab.train.Trainer;
import latentlab.train.TrainingDevice;
import latentlab.train.TrainingJob;

/** The JSON control API (docs/api.md): status and runs for everyone, changes for the presenter only. */
final class ControlApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Trainer trainer;
    private final PresenterToken token;

    ControlApi(Trainer trainer, PresenterToken token) {
        this.trainer = trainer;
        this.token = token;
    }

    void status(Context ctx) {
        ObjectNode status = JSON.createObjectNode();
        Optional<TrainingJob> job = trainer.current();
        status.put("state", job.map(j -> j.state().name().toLowerCase()).orElse("idle"));
        status.put("runId", job.map(TrainingJob::runId).orElse(null));
        status.put("epoch", job.map(TrainingJob::epoch).orElse(0));
        status.put("batch", job.map(TrainingJob::batch).orElse(0));
        status.put("device", TrainingDevice.describe(trainer.device()));
        status.set("hyperparameters", job.map(j -> (JsonNode) JSON.valueToTree(j.hyperparameters())).orElse(null));
        json(ctx, 200, status);
    }

    void startRun(Context ctx) throws IOException {
        requirePresenter(ctx);
        Hyperparameters hp;
        try {
            hp = Hyperparameters.fromJson(ctx.body().isBlank() ? "{}" : ctx.body());
        } catch (latentlab.train.InvalidHyperparameterException e) {
            throw new ApiException(400, e.getMessage(), e.field());
        }
        try {
            String id = trainer.start(hp);
            json(ctx, 202, JSON.createObjectNode().put("runId", id).put("state", "running"));
        } catch (Trainer.BusyException e) {
            throw new ApiException(409, e.getMessage());
        }
    }

    void pause(Context ctx) {
        requirePresenter(ctx);
        currentJob().pause();
        currentState(ctx);
    }

    void resume(Context ctx) {
        requirePresenter(ctx);
        currentJob().resume();
        currentState(ctx);
    }

    void stop(Context ctx) {
        requirePresenter(ctx);
        currentJob().stop();
        currentState(ctx);
    }

    void listRuns(Context ctx) throws IOException {
        ArrayNode runs = JSON.createArrayNode();
        for (String id : RunDirectory.list(trainer.models())) {
            try {
                runs.add(describe(RunDirectory.open(trainer.models(), id), false));
            } catch (IllegalArgumentException | IOException e) {
                // a folder that is not a readable run is left out of the list
            }
        }
        json(ctx, 200, runs);
    }

    void getRun(Context ctx) throws IOException {
        json(ctx, 200, describe(openRun(ctx.pathParam("id")), true));
    }

    void resumeRun(Context ctx) throws IOException {
        requirePresenter(ctx);
        RunDirectory run = openRun(ctx.pathParam("id"));
        Integer epochs = null;
        if (!ctx.body().isBlank()) {
            JsonNode body;
            try {
                body = JSON.readTree(ctx.body());
            } catch (IOException e) {
                throw new ApiException(400, "body is not valid JSON", "body");
            }
            if (!body.isObject()) {
                throw new ApiException(400, "body must be a JSON object", "body");
            }
            body.fieldNames().forEachRemaining(name -> {
                if (!name.equals("epochs")) {
                    throw new ApiException(400, name + " cannot change on resume (only epochs)", name);
                }
            });
            JsonNode e = body.get("epochs");
            if (e != null && !e.isNull()) {
                if (!e.canConvertToInt() || !e.isIntegralNumber() || e.asInt() < 1 || e.asInt() > Hyperparameters.MAX_EPOCHS) {
                    throw new ApiException(400, "epochs must be 1.." + Hyperparameters.MAX_EPOCHS + ", got " + e, "epochs");
                }
                epochs = e.asInt();
            }
        }
        try {
            String id = trainer.resume(run.id(), epochs);
            json(ctx, 202, JSON.createObjectNode().put("runId", id).put("state", "running"));
        } catch (Trainer.BusyException e) {
            throw new ApiException(409, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ApiException(409, e.getMessage());
        }
    }

    void image(Context ctx) throws IOException {
        RunDirectory run = openRun(ctx.pathParam("id"));
        int epoch;
        try {
            epoch = Integer.parseInt(ctx.pathParam("epoch"));
        } catch (NumberFormatException e) {
            throw new ApiException(400, "epoch must be a whole number", "epoch");
        }
        String kind = ctx.pathParam("kind");
        var images = run.images(epoch).orElseThrow(() -> new ApiException(404, "run " + run.id() + " has no images for epoch " + epoch));
        byte[] png = switch (kind) {
            case "samples.png" -> images.samplesPng();
            case "reconstructions.png" -> images.reconstructionsPng();
            default -> throw new ApiException(404, "no image " + kind + " (samples.png or reconstructions.png)");
        };
        ctx.contentType("image/png").header("Cache-Control", "max-age=3600").result(png);
    }

    private ObjectNode describe(RunDirectory run, boolean withMetrics) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", run.id());
        node.set("hyperparameters", JSON.valueToTree(run.config()));
        List<EpochMetrics> metrics = run.readMetrics();
        node.put("epochsDone", metrics.size());
        Optional<TrainingJob> job = trainer.current();
        node.put("active", job.isPresent() && job.get().runId().equals(run.id()));
        if (withMetrics) {
            node.set("metrics", JSON.valueToTree(metrics));
        } else {
            node.set("lastMetrics", metrics.isEmpty() ? null : JSON.valueToTree(metrics.get(metrics.size() - 1)));
        }
        return node;
    }

    private RunDirectory openRun(String id) {
        return openRun(trainer.models(), id);
    }

    /** A run folder by the id in a request path: never outside {@code models}; 400 if malformed, 404 if absent. */
    static RunDirectory openRun(java.nio.file.Path models, String id) {
        if (id == null || !RunDirectory.RUN_ID.matcher(id).matches() || id.contains("..")) {
            throw new ApiException(400, "run id \"" + id + "\" is not valid (letters, digits, . _ - only)", "id");
        }
        try {
            return RunDirectory.open(models, id);
        } catch (IllegalArgumentException e) {
            throw new ApiException(404, "no run " + id);
        }
    }

    private TrainingJob currentJob() {
        return trainer.current().orElseThrow(() -> new ApiException(409, "no run in progress"));
    }

    private void currentState(Context ctx) {
        TrainingJob job = currentJob();
        json(ctx, 200, JSON.createObjectNode().put("runId", job.runId()).put("state", job.state().name().toLowerCase()));
    }

    private void requirePresenter(Context ctx) {
        requirePresenter(ctx, token);
    }

    /** 401 without the presenter token, 403 with a wrong one; nothing else happens on either. */
    static void requirePresenter(Context ctx, PresenterToken token) {
        String offered = PresenterToken.fromBearer(ctx.header("Authorization"));
        if (offered == null) {
            throw new ApiException(401, "control needs the presenter token: Authorization: Bearer <token>");
        }
        if (!token.matches(offered)) {
            throw new ApiException(403, "the presenter token is wrong; viewers cannot control training");
        }
    }

    static void json(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType("application/json").result(body.toString());
    }
}
