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
import latentlab.render.AnimatedGif;
import latentlab.render.MetricsCsv;
import latentlab.train.EpochImages;
import latentlab.train.EpochMetrics;
import latentlab.train.RunDirectory;

/**
 * Downloads for slides and reports, for anyone (nothing here changes a run): a run's metrics as CSV and
 * its epoch replay (the sample grid or reconstructions of every epoch) as an animated GIF.
 */
final class ExportApi {
    static final int MAX_FRAMES = 200;
    private static final int BAND = 4;
    private final Path models;

    ExportApi(Path models) {
        this.models = models;
    }

    void metricsCsv(Context ctx) throws IOException {
        RunDirectory run = ControlApi.openRun(models, ctx.pathParam("id"));
        String csv = MetricsCsv.of(run.readMetrics(), run.config().latentDim());
        ctx.contentType("text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + run.id() + "-metrics.csv\"")
                .result(csv);
    }

    /** {@code ?kind=samples|reconstructions&delayMs=20..10000}: one frame per epoch, a bar below showing how far. */
    void replayGif(Context ctx) throws IOException {
        RunDirectory run = ControlApi.openRun(models, ctx.pathParam("id"));
        String kind = ctx.queryParamAsClass("kind", String.class).getOrDefault("samples");
        if (!kind.equals("samples") && !kind.equals("reconstructions")) {
            throw new ApiException(400, "kind must be samples or reconstructions", "kind");
        }
        int delayMs = ExploreApi.queryInt(ctx, "delayMs", 20, 10_000, 400);
        List<Integer> epochs = new ArrayList<>();
        for (EpochMetrics m : run.readMetrics()) {
            epochs.add(m.epoch());
        }
        List<BufferedImage> frames = new ArrayList<>();
        List<Integer> shown = evenlySpaced(epochs, MAX_FRAMES);
        int last = epochs.isEmpty() ? 0 : epochs.get(epochs.size() - 1);
        for (int epoch : shown) {
            var images = run.images(epoch);
            if (images.isPresent()) {
                frames.add(withProgressBar(read(images.get(), kind), epoch, last));
            }
        }
        if (frames.isEmpty()) {
            throw new ApiException(404, "run " + run.id() + " has no images yet: the first epoch has not finished");
        }
        ctx.contentType("image/gif")
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
