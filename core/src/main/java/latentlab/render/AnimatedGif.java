package latentlab.render;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Gray frames as a looping animated GIF, with the JDK's own GIF writer: each frame's delay goes in a
 * graphic control extension and the endless loop in the NETSCAPE2.0 application extension, which is
 * how browsers and slide software read an animation.
 */
public final class AnimatedGif {
    private static final String FORMAT = "javax_imageio_gif_image_1.0";
    private static final IndexColorModel GRAYS = grays();

    private AnimatedGif() {}

    /** Frames of one size, each shown {@code delayMs} (rounded to GIF's 10 ms steps), looping forever. */
    public static byte[] encode(List<BufferedImage> frames, int delayMs) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("an animation needs at least one frame");
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            boolean first = true;
            for (BufferedImage frame : frames) {
                BufferedImage indexed = toGrayPalette(frame);
                ImageWriteParam param = writer.getDefaultWriteParam();
                IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(indexed), param);
                describe(metadata, delayMs, first);
                writer.writeToSequence(new IIOImage(indexed, null, metadata), param);
                first = false;
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static void describe(IIOMetadata metadata, int delayMs, boolean first) throws IOException {
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(FORMAT);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(Math.max(1, Math.round(delayMs / 10f))));
        control.setAttribute("transparentColorIndex", "0");
        IIOMetadataNode table = child(root, "LocalColorTable"); // else readers use the writer's default global palette
        table.setAttribute("sizeOfLocalColorTable", "256");
        table.setAttribute("sortFlag", "FALSE");
        for (int i = 0; i < 256; i++) {
            IIOMetadataNode entry = new IIOMetadataNode("ColorTableEntry");
            entry.setAttribute("index", Integer.toString(i));
            entry.setAttribute("red", Integer.toString(i));
            entry.setAttribute("green", Integer.toString(i));
            entry.setAttribute("blue", Integer.toString(i));
            table.appendChild(entry);
        }
        if (first) {
            IIOMetadataNode extension = new IIOMetadataNode("ApplicationExtension");
            extension.setAttribute("applicationID", "NETSCAPE");
            extension.setAttribute("authenticationCode", "2.0");
            extension.setUserObject(new byte[] {1, 0, 0}); // sub-block 1, loop count 0 = for ever
            child(root, "ApplicationExtensions").appendChild(extension);
        }
        metadata.setFromTree(FORMAT, root);
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }

    private static BufferedImage toGrayPalette(BufferedImage anyFrame) {
        BufferedImage frame = anyFrame;
        if (frame.getType() != BufferedImage.TYPE_BYTE_GRAY) {
            frame = new BufferedImage(anyFrame.getWidth(), anyFrame.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
            frame.getGraphics().drawImage(anyFrame, 0, 0, null);
        }
        BufferedImage indexed = new BufferedImage(frame.getWidth(), frame.getHeight(), BufferedImage.TYPE_BYTE_INDEXED, GRAYS);
        int[] row = new int[frame.getWidth()];
        for (int y = 0; y < frame.getHeight(); y++) {
            frame.getRaster().getPixels(0, y, frame.getWidth(), 1, row); // gray frames: one band, 0–255
            indexed.getRaster().setPixels(0, y, frame.getWidth(), 1, row);
        }
        return indexed;
    }

    private static IndexColorModel grays() {
        byte[] levels = new byte[256];
        for (int i = 0; i < 256; i++) {
            levels[i] = (byte) i;
        }
        return new IndexColorModel(8, 256, levels, levels, levels);
    }
}
