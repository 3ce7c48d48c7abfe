package latentlab.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.TreeMap;

/** What the soak reads off its own process: heap after garbage collection, CPU time by thread group. */
final class ProcessReadings {
    private ProcessReadings() {}

    static double heapAfterFullGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e6;
    }

    /** Heap in use right after the most recent collection of any kind (no collection forced). */
    static double heapAfterLatestGc() {
        long bestStart = -1;
        double used = Double.NaN;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof com.sun.management.GarbageCollectorMXBean sun && sun.getLastGcInfo() != null
                    && sun.getLastGcInfo().getStartTime() > bestStart) {
                bestStart = sun.getLastGcInfo().getStartTime();
                used = sun.getLastGcInfo().getMemoryUsageAfterGc().values().stream()
                        .filter(u -> u != null).mapToLong(java.lang.management.MemoryUsage::getUsed).sum() / 1e6;
            }
        }
        return used;
    }

    static Map<Long, Long> threadCpu(ThreadMXBean threads) {
        Map<Long, Long> cpu = new TreeMap<>();
        for (long id : threads.getAllThreadIds()) {
            cpu.put(id, threads.getThreadCpuTime(id));
        }
        return cpu;
    }

    /** CPU per thread group, in % of one core, over the soak. */
    static Map<String, Double> cpuPercent(ThreadMXBean threads, Map<Long, Long> before, double seconds) {
        Map<String, Double> groups = new TreeMap<>();
        for (long id : threads.getAllThreadIds()) {
            ThreadInfo info = threads.getThreadInfo(id);
            long now = threads.getThreadCpuTime(id);
            if (info == null || now < 0) {
                continue;
            }
            long used = now - before.getOrDefault(id, 0L);
            groups.merge(group(info.getThreadName()), 100 * used / 1e9 / seconds, Double::sum);
        }
        return groups;
    }

    static String group(String name) {
        if (name.startsWith("training")) {
            return "training (Java side; PyTorch's own threads not counted)";
        }
        if (name.equals("live-hub")) {
            return "live hub (server)";
        }
        if (name.startsWith("JettyServerThreadPool")) {
            return "Jetty I/O (server)";
        }
        if (name.equals("explorer")) {
            return "explorer: decodes, model copy per epoch (server)";
        }
        if (name.equals("latent-map")) {
            return "latent map of each new epoch, background (server)";
        }
        if (name.startsWith("soak-viewers")) {
            return "simulated viewers (client side)";
        }
        if (name.startsWith("simulated-students")) {
            return "simulated students (client side)";
        }
        return "other (" + name.replaceAll("[-#@]?[0-9a-f]*[0-9][0-9a-f]*$", "") + ")";
    }
}
