package latentlab.web;

import io.javalin.http.Context;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import latentlab.json.JsonFields;
import latentlab.render.AnimatedGif;
import latentlab.train.EpochImages;
import latentlab.train.EpochMetrics;
import latentlab.train.RunDirectory;

/**
 * A run's files, for anyone (nothing here changes a run): each epoch's pictures, the metrics as CSV and
 * the epoch replay (the sample grid or reconstructions of every epoch) as an animated GIF.
 */
final class ExportApi {
    static final int MAX_FRAMES = 200;
    private static final int BAND = 4;
    private final Path models;

    ExportApi(Path models) {
        this.models = models;
    }

    /** {@code kind} samples.png or reconstructions.png. */
    void image(Context ctx) throws IOException {
        RunDirectory run = Http.runInPath(ctx, models);
        int epoch;
        try {
            epoch = Integer.parseInt(ctx.pathParam("epoch"));
        } catch (NumberFormatException e) {
            throw new ApiException(400, "epoch must be a whole number", "epoch");
        }
        String kind = ctx.pathParam("kind");
        EpochImages images = run.images(epoch)
                .orElseThrow(() -> new ApiException(404, "run " + run.id() + " has no images for epoch " + epoch));
        byte[] png = switch (kind) {
            case "samples.png" -> images.samplesPng();
            case "reconstructions.png" -> images.reconstructionsPng();
            default -> throw new ApiException(404, "no image " + kind + " (samples.png or reconstructions.png)");
        };
        ctx.contentType("image/png").header("Cache-Control", "max-age=3600").result(png);
    }

    void metricsCsv(Context ctx) throws IOException {
        RunDirectory run = Http.runInPath(ctx, models);
        List<EpochMetrics> metrics = run.readMetrics();
        int latent;
        try {
            latent = run.config().latentDim();
        } catch (latentlab.train.DamagedRunException e) { // the metrics still say how many dimensions there were
            latent = metrics.isEmpty() ? 0 : metrics.get(0).klPerDimension().size();
        }
        String csv = MetricsCsv.of(metrics, latent);
        ctx.contentType("text/csv; charset=utf-8").header("Cache-Control", "no-store")
                .header("Content-Disposition", "attachment; filename=\"" + run.id() + "-metrics.csv\"")
                .result(csv);
    }

    /** {@code ?kind=samples|reconstructions&delayMs=20..10000}: one frame per epoch, a bar below showing how far. */
    void replayGif(Context ctx) throws IOException {
        RunDirectory run = Http.runInPath(ctx, models);
        String kind = ctx.queryParamAsClass("kind", String.class).getOrDefault("samples");
        if (!kind.equals("samples") && !kind.equals("reconstructions")) {
            throw new ApiException(400, "kind must be samples or reconstructions", "kind");
        }
        int delayMs = JsonFields.wholeNumber(ctx.queryParam("delayMs"), "delayMs", 20, 10_000, 400);
        List<Integer> epochs = run.readMetrics().stream().map(EpochMetrics::epoch).toList();
        List<BufferedImage> frames = new ArrayList<>();
        int last = epochs.isEmpty() ? 0 : epochs.get(epochs.size() - 1);
        for (int epoch : evenlySpaced(epochs, MAX_FRAMES)) {
            var images = run.images(epoch);
            if (images.isPresent()) {
                frames.add(withProgressBar(read(images.get(), kind), epoch, last));
            }
        }
        if (frames.isEmpty()) {
            throw new ApiException(404, "run " + run.id() + " has no images yet: the first epoch has not finished");
        }
        ctx.contentType("image/gif").header("Cache-Control", "no-store")
                .header("Content-Disposition", "attachment; filename=\"" + run.id() + "-" + kind + "-replay.gif\"")
                .result(AnimatedGif.encode(frames, delayMs));
    }

    private static BufferedImage read(EpochImages images, String kind) throws IOException {
        byte[] png = kind.equals("samples") ? images.samplesPng() : images.reconstructionsPng();
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    /** The picture above a thin bar filled to epoch / last, so a viewer of the GIF sees time pass. */
    private static BufferedImage withProgressBar(BufferedImage picture, int epoch, int last) {
        BufferedImage frame = new BufferedImage(picture.getWidth(), picture.getHeight() + 2 + BAND, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = frame.createGraphics();
        try {
            g.drawImage(picture, 0, 0, null);
            g.setColor(Color.DARK_GRAY);
            g.fillRect(0, picture.getHeight() + 2, picture.getWidth(), BAND);
            g.setColor(Color.WHITE);
            g.fillRect(0, picture.getHeight() + 2, Math.max(1, Math.round(picture.getWidth() * (float) epoch / Math.max(1, last))), BAND);
        } finally {
            g.dispose();
        }
        return frame;
    }

    /** At most {@code max} of the items, evenly spread, always with the first and the last. */
    static List<Integer> evenlySpaced(List<Integer> items, int max) {
        if (items.size() <= max) {
            return items;
        }
        List<Integer> picked = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            picked.add(items.get((int) Math.round(i * (items.size() - 1) / (double) (max - 1))));
        }
        return picked;
    }
}
