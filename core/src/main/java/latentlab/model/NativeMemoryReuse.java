package latentlab.model;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Tells the C library's allocator (glibc malloc, which libtorch allocates its CPU tensors with) to keep
 * freed memory for reuse instead of handing it back to the kernel. A training step allocates and frees
 * the same few dozen large tensors every time; by default glibc serves blocks that large with a fresh
 * {@code mmap} and returns them with {@code munmap} (or trims the heap top), so every step faulted in
 * new pages by the thousand, and took a sixth longer (measured: docs/performance.md). The cost is that
 * the process holds on to its largest working set (a few hundred MB) once it has used it.
 *
 * <p>Equivalent to starting the JVM with {@code MALLOC_MMAP_THRESHOLD_=33554432
 * MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=268435456}, but it works for a plain {@code java -jar}.
 * Linux with glibc only (via JNA); elsewhere nothing changes.
 */
public final class NativeMemoryReuse {
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_TOP_PAD = -2;
    private static final int M_MMAP_THRESHOLD = -3;
    /** glibc's largest allowed mmap threshold on 64-bit (HEAP_MAX_SIZE / 2): bigger blocks still get mmap. */
    static final int MMAP_THRESHOLD = 32 << 20;
    static final int TRIM_THRESHOLD = 1 << 30;
    static final int TOP_PAD = 256 << 20;

    private NativeMemoryReuse() {}

    interface GlibcMalloc extends Library {
        int mallopt(int param, int value);
    }

    /** Sets the three parameters; true when glibc accepted all of them. Call once, early in main. */
    public static boolean enable() {
        if (!Platform.isLinux()) {
            return false;
        }
        try {
            GlibcMalloc libc = Native.load("c", GlibcMalloc.class);
            // mallopt returns 1 on success, 0 on error
            return libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
                    & libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1
                    & libc.mallopt(M_TOP_PAD, TOP_PAD) == 1;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return false; // not glibc (musl has no mallopt): keep its defaults
        }
    }
}
