package latentlab.train;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * The server's training thread runs at a lower scheduling priority (nice 10) than the threads that
 * answer people: on a small machine, a student's slider or a viewer's update gets a core when it needs
 * one, and training takes everything else. Numbers are unaffected (same threads, same operations),
 * and when nobody is exploring, training runs as fast as before. The native threads PyTorch starts for
 * this thread inherit the setting. Linux only (via JNA, which DJL already brings); elsewhere a no-op.
 */
public final class BackgroundPriority {
    static final int NICE = 10;
    private static final int PRIO_PROCESS = 0;

    private BackgroundPriority() {}

    /** The C library calls used; on Linux, {@code setpriority} of a thread id affects that thread alone. */
    interface LibC extends Library {
        int gettid();

        int getpriority(int which, int who);

        int setpriority(int which, int who, int priority);
    }

    /** Lowers the calling thread's priority; false (and nothing changed) where that is not possible. */
    public static boolean lowerCurrentThread() {
        if (!Platform.isLinux()) {
            return false;
        }
        try {
            LibC libc = Native.load("c", LibC.class);
            int tid = libc.gettid();
            if (libc.getpriority(PRIO_PROCESS, tid) >= NICE) {
                return true; // already started as low (e.g. under `nice`): never raise it
            }
            return libc.setpriority(PRIO_PROCESS, tid, NICE) == 0;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return false;
        }
    }
}
