package latentlab.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import latentlab.json.Json;
import latentlab.json.JsonFields;
import latentlab.train.EpochMetrics;
import latentlab.train.HyperparameterSpec;
import latentlab.train.Hyperparameters;
import latentlab.train.RunControl;
import latentlab.train.RunDirectory;
import latentlab.train.RunSupervisor;
import latentlab.train.TrainingDevice;
import latentlab.train.TrainingJob;
import latentlab.train.TuningChange;

/** The JSON control API (docs/api.md): status, runs and the hyperparameters for everyone, changes for the presenter only. */
final class ControlApi {
    private final RunSupervisor runs;
    private final PresenterToken token;

    private final java.util.function.Consumer<String> deleted;

    /** {@code deleted}: told the id of each run deleted, after its folder is gone (the page on show moves on). */
    ControlApi(RunSupervisor runs, PresenterToken token, java.util.function.Consumer<String> deleted) {
        this.runs = runs;
        this.token = token;
        this.deleted = deleted;
    }

    /** DELETE /api/runs/{id}: presenter only; never the run training now (409); 404 for none. */
    void deleteRun(Context ctx) throws IOException {
        token.require(ctx);
        RunDirectory run = Http.runInPath(ctx, runs.models());
        runs.delete(run.id());
        deleted.accept(run.id());
        Http.json(ctx, 200, Json.object().put("deleted", run.id()));
    }

    void status(Context ctx) {
        Optional<TrainingJob> job = runs.current();
        RunControl.Position at = job.map(j -> j.control().position()).orElse(null);
        ObjectNode status = Json.object();
        status.put("state", at == null ? "idle" : name(at));
        status.put("runId", job.map(TrainingJob::runId).orElse(null));
        status.put("epoch", at == null ? 0 : at.epoch());
        status.put("batch", at == null ? 0 : at.batch());
        status.put("device", TrainingDevice.describe(runs.device()));
        status.set("hyperparameters", job.map(j -> Json.tree(j.hyperparameters())).orElse(null));
        Http.json(ctx, 200, status);
    }

    /** What each hyperparameter is: name, type, range, default, label, help (the dashboard builds its form from it). */
    void hyperparameters(Context ctx) {
        Http.json(ctx, 200, HyperparameterSpec.ALL);
    }

    void startRun(Context ctx) throws IOException {
        token.require(ctx);
        String id = runs.start(Hyperparameters.fromJson(ctx.body()));
        Http.json(ctx, 202, Json.object().put("runId", id).put("state", "running"));
    }

    void pause(Context ctx) {
        act(ctx, RunControl::pause);
    }

    void resume(Context ctx) {
        act(ctx, RunControl::resume);
    }

    void stop(Context ctx) {
        act(ctx, RunControl::stop);
    }

    /**
     * PATCH /api/runs/current {"beta": 4} and/or {"learningRate": 5e-4}: from the run's next batch. Answers the
     * values the next batch will use. Each applied change is recorded (changes.jsonl, the socket's tuned).
     */
    void tune(Context ctx) {
        token.require(ctx);
        ObjectNode body = Json.parseObject(ctx.body());
        JsonFields.onlyFields(body, TuningChange.FIELDS, "cannot change while a run trains (only beta and learningRate)");
        java.util.Map<String, Double> values = new java.util.LinkedHashMap<>();
        for (String field : TuningChange.FIELDS) {
            Double value = JsonFields.number(body, field);
            if (value != null) {
                HyperparameterSpec.of(field).check(value);
                values.put(field, value);
            }
        }
        if (values.isEmpty()) {
            throw new ApiException(400, "nothing to change: send {\"beta\": 4} and/or {\"learningRate\": 0.0005}", "beta");
        }
        TrainingJob job = runs.requireCurrent();
        job.tuning().ask(values);
        Http.json(ctx, 200, Json.object().put("runId", job.runId()).set("next", Json.tree(job.tuning().next())));
    }

    /** POST /api/runs/current/step {"unit": "batch" | "epoch"}: while paused, one more batch or epoch, then paused again. */
    void step(Context ctx) {
        token.require(ctx);
        ObjectNode body = Json.parseObject(ctx.body());
        JsonFields.onlyFields(body, List.of("unit"), "is not a field of a step (only unit)");
        String unit = JsonFields.choice(body, "unit", "batch", List.of("batch", "epoch"), "\"batch\" or \"epoch\"");
        TrainingJob job = runs.requireCurrent();
        RunControl.Position at = job.control().step(unit.equals("batch") ? RunControl.StepUnit.BATCH : RunControl.StepUnit.EPOCH);
        Http.json(ctx, 202, Json.object().put("runId", job.runId()).put("state", name(at)).put("unit", unit)
                .put("epoch", at.epoch()).put("batch", at.batch()));
    }

    void listRuns(Context ctx) throws IOException {
        ArrayNode list = Json.array();
        for (String id : RunDirectory.list(runs.models())) {
            try {
                list.add(describe(RunDirectory.open(runs.models(), id), false).set("links", Json.tree(latentlab.live.RunLinks.of(id))));
            } catch (IllegalArgumentException | IOException e) {
                // gone between the listing and the reading (deleted): nothing to show
            }
        }
        Http.json(ctx, 200, list);
    }

    /** One run with every epoch's metrics, the epochs with pictures and its resources' links (a page opens it read-only from these). */
    void getRun(Context ctx) throws IOException {
        RunDirectory run = Http.runInPath(ctx, runs.models());
        ObjectNode node = describe(run, true);
        ArrayNode pictured = Json.array();
        for (EpochMetrics m : run.readMetrics()) {
            if (run.hasImages(m.epoch())) {
                pictured.add(m.epoch());
            }
        }
        node.set("imageEpochs", pictured);
        node.set("links", Json.tree(latentlab.live.RunLinks.of(run.id())));
        Http.json(ctx, 200, node);
    }

    /** Body {@code {"epochs": N}} (optional): a new total; nothing else may change on resume. */
    void resumeRun(Context ctx) throws IOException {
        token.require(ctx);
        RunDirectory run = Http.runInPath(ctx, runs.models());
        ObjectNode body = Json.parseObject(ctx.body());
        JsonFields.onlyFields(body, List.of("epochs"), "cannot change on resume (only epochs)");
        Long epochs = JsonFields.wholeNumber(body, "epochs");
        if (epochs != null) {
            HyperparameterSpec.of("epochs").check(epochs);
        }
        String id = runs.resume(run.id(), epochs == null ? null : epochs.intValue());
        Http.json(ctx, 202, Json.object().put("runId", id).put("state", "running"));
    }

    private ObjectNode describe(RunDirectory run, boolean withMetrics) throws IOException {
        return latentlab.train.RunSummary.describe(run, runs.current().map(TrainingJob::runId).orElse(null), withMetrics);
    }

    /** Acts on the run in progress; answers its state and the batch it is at (a resume: the one it resumes from). */
    private void act(Context ctx, Function<RunControl, RunControl.Position> action) {
        token.require(ctx);
        TrainingJob job = runs.requireCurrent();
        RunControl.Position at = action.apply(job.control());
        Http.json(ctx, 200, Json.object().put("runId", job.runId()).put("state", name(at))
                .put("epoch", at.epoch()).put("batch", at.batch()));
    }

    private static String name(RunControl.Position at) {
        return at.state().name().toLowerCase(Locale.ROOT);
    }
}
