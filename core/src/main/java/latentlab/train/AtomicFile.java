package latentlab.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Writes a file so that readers see the old content or the new, never half: temp file, every byte
 * written (a write may write fewer bytes than asked: under a file-size limit or on a full disk it does,
 * and the rest used to be lost without a word), fsync, read back and compared, rename, fsync of the
 * folder so the rename survives a power cut. Any shortfall throws, naming the file relative to its run's
 * folder, and the old content stays.
 */
public final class AtomicFile {
    private AtomicFile() {}

    static void write(Path target, byte[] bytes) throws IOException {
        write(target, bytes, false);
    }

    /**
     * The same for a secret: the file is readable and writable by its owner only from the moment it exists
     * (on a file system without POSIX permissions, as the folder allows).
     */
    public static void writeOwnerOnly(Path target, byte[] bytes) throws IOException {
        write(target, bytes, true);
    }

    private static void write(Path target, byte[] bytes, boolean ownerOnly) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(temp); // a crash's leftover keeps its permissions; start from none
            java.util.Set<StandardOpenOption> options = java.util.EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            java.nio.file.attribute.FileAttribute<?>[] attributes = ownerOnly && posix(target)
                    ? new java.nio.file.attribute.FileAttribute<?>[] {java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"))}
                    : new java.nio.file.attribute.FileAttribute<?>[0];
            try (FileChannel channel = FileChannel.open(temp, options, attributes)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    if (channel.write(buffer) <= 0) {
                        throw new IOException("no room for " + name(target) + ": " + buffer.position() + " of "
                                + bytes.length + " bytes written (disk full or a file-size limit)");
                    }
                }
                channel.force(true);
            }
            byte[] back = Files.readAllBytes(temp);
            if (!Arrays.equals(back, bytes)) {
                throw new IOException(name(target) + " did not read back as written (" + back.length + " of "
                        + bytes.length + " bytes; disk full or failing)");
            }
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e.getMessage() != null && e.getMessage().contains(name(target)) ? e
                    : new IOException("cannot write " + name(target) + ": " + e.getMessage(), e);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        syncFolder(target.toAbsolutePath().getParent());
    }

    /** Makes a rename in {@code folder} durable (Linux and macOS; where a folder cannot be opened, nothing to do). */
    static void syncFolder(Path folder) throws IOException {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            if (!System.getProperty("os.name", "").toLowerCase().contains("win")) {
                throw e instanceof IOException io ? io : new IOException(e);
            }
        }
    }

    private static boolean posix(Path target) {
        return target.toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** The file as a message names it: its folder and its name (where the server keeps it is not said). */
    private static String name(Path target) {
        Path absolute = target.toAbsolutePath();
        Path parent = absolute.getParent();
        return (parent == null || parent.getFileName() == null ? "" : parent.getFileName() + "/") + absolute.getFileName();
    }
}
