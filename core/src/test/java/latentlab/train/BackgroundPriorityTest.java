package latentlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The training thread gives way: its nice value (read back from Linux's /proc) is raised, and only its own. */
class BackgroundPriorityTest {
    /** Field 19 of /proc/thread-self/stat, after the parenthesised command name. */
    private static int niceOfThisThread() throws Exception {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[16]);
    }

    @Test
    void theTrainingThreadAndThreadsItStartsRunAtNiceTenOthersDoNot() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/thread-self/stat")), "Linux only");
        int before = niceOfThisThread();
        assumeTrue(before < BackgroundPriority.NICE, "the tests already run at nice " + before);
        AtomicInteger lowered = new AtomicInteger(-100);
        AtomicInteger child = new AtomicInteger(-100);
        AtomicInteger ok = new AtomicInteger();
        Thread training = new Thread(() -> {
            try {
                ok.set(BackgroundPriority.lowerCurrentThread() ? 1 : 0);
                lowered.set(niceOfThisThread());
                Thread started = new Thread(() -> {
                    try {
                        child.set(niceOfThisThread());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                started.start();
                started.join();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        training.start();
        training.join();
        assertEquals(1, ok.get(), "setpriority succeeded");
        assertEquals(BackgroundPriority.NICE, lowered.get());
        assertEquals(BackgroundPriority.NICE, child.get(), "threads it starts (PyTorch's workers) inherit it");
        assertEquals(before, niceOfThisThread(), "no other thread is touched");
    }
}
