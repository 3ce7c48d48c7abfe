package latentlab.web;

import io.javalin.http.Context;
import java.util.Optional;
import latentlab.explore.EpochResources;
import latentlab.explore.EpochResources.Resource;
import latentlab.live.RunLinks;

/**
 * An epoch's safetensors files (docs/api.md): {@code decoder.safetensors} (what the browser decodes with),
 * {@code codes.safetensors} (the latent map's codes) and {@code weights.safetensors} (the whole model, to
 * take home). They never change once written, so they go out with a strong ETag and may be cached for a
 * year; a matching {@code If-None-Match} answers 304 with no body.
 */
final class EpochFilesApi {
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private final EpochResources resources;

    EpochFilesApi(EpochResources resources) {
        this.resources = resources;
    }

    void file(Context ctx) throws Exception {
        String runId = Http.runInPath(ctx, resources.models()).id();
        int epoch;
        try {
            epoch = Integer.parseInt(ctx.pathParam("epoch"));
        } catch (NumberFormatException e) {
            throw new ApiException(400, "epoch must be a whole number", "epoch");
        }
        if (epoch < 0) {
            throw new ApiException(400, "epoch must be 0 or more", "epoch");
        }
        String file = ctx.pathParam("file");
        Optional<Resource> resource = switch (file) {
            case RunLinks.DECODER_FILE -> resources.decoder(runId, epoch);
            case RunLinks.WEIGHTS_FILE -> resources.weights(runId, epoch);
            case RunLinks.CODES_FILE -> Http.await(resources.codes(runId, epoch));
            default -> throw new ApiException(404, "no file " + file + " for an epoch ("
                    + RunLinks.DECODER_FILE + ", " + RunLinks.CODES_FILE + " or " + RunLinks.WEIGHTS_FILE + ")");
        };
        Resource found = resource.orElseThrow(() -> new ApiException(404, "run " + runId + " has no weights for epoch " + epoch));
        ctx.header("ETag", found.etag()).header("Cache-Control", IMMUTABLE);
        if (found.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        // float32 weights and codes shrink by under a tenth with gzip (measured: 260 → 242 KB), not worth
        // compressing them again for each of hundreds of students at the same moment
        ctx.contentType("application/octet-stream").disableCompression();
        if (file.equals(RunLinks.WEIGHTS_FILE)) {
            ctx.header("Content-Disposition", "attachment; filename=\"" + runId + "-epoch-" + epoch + ".safetensors\"");
        }
        ctx.result(found.bytes());
    }
}
