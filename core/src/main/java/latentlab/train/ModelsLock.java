package latentlab.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One Latent Lab per models folder: an OS lock on {@code models/.lock}, held for as long as the server or
 * {@code train} runs and freed by the OS when the process ends however it ends (kill -9 included). A second
 * server on the same folder used to call the first one's running run "interrupted", and its presenter
 * resumed it: two processes trained one folder ("7 of 4 epochs").
 */
public final class ModelsLock implements AutoCloseable {
    static final String FILE = ".lock";
    private final FileChannel channel;
    private final FileLock lock;

    private ModelsLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the folder's lock, or throws {@link ModelsInUseException} saying who holds it. */
    public static ModelsLock acquire(Path models) throws IOException {
        Files.createDirectories(models);
        Path file = models.resolve(FILE);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (java.nio.file.FileSystemException e) { // denied, or a read-only file system
            if (Files.isWritable(models)) {
                throw e;
            }
            return new ModelsLock(null, null); // a read-only folder: nobody can write it, so two readers are harmless
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this process holds it already (a second server in one JVM)
        }
        if (lock == null) {
            String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
            channel.close();
            throw new ModelsInUseException(models, holder);
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(true);
        return new ModelsLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        if (channel == null) {
            return;
        }
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
