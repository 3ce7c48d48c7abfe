package latentlab.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import latentlab.RealMnist;

/** A real {@code serve} process on the test's MNIST slice, its output kept, killed with SIGKILL when asked. */
public final class ServeProcess implements AutoCloseable {
    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();

    private ServeProcess(Process process) {
        this.process = process;
    }

    /** Starts {@code serve --port port --models models} with {@code more} arguments; returns once it says it runs. */
    public static ServeProcess start(Path models, int port, String... more) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-cp", classpath(), "latentlab.Main", "serve", "--port", String.valueOf(port),
                "--models", models.toString(), "--data", RealMnist.DIR.toString()));
        command.addAll(List.of(more));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("OPT_OUT_TRACKING", "true");
        builder.environment().remove("LATENT_LAB_TOKEN");
        builder.environment().remove("LATENT_LAB_PIN");
        ServeProcess serve = new ServeProcess(builder.start());
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(serve.process.getInputStream()))) {
                for (String line; (line = in.readLine()) != null; ) {
                    serve.output.add(line);
                }
            } catch (IOException e) {
                // the process died; the wait below says so
            }
        });
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (serve.output.stream().noneMatch(l -> l.startsWith("  Viewers"))) { // the last line always printed
            if (!serve.process.isAlive()) {
                throw new AssertionError("serve exited with " + serve.process.exitValue() + ":\n" + String.join("\n", serve.output));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("serve did not start:\n" + String.join("\n", serve.output));
            }
            Thread.sleep(20);
        }
        return serve;
    }

    /** The value on the start's line whose label begins with {@code label} ("  Presenter token (…):   value"). */
    public String value(String label) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (String line : output) {
                if (line.startsWith("  " + label)) {
                    return line.substring(2 + ServeCommand.LABEL_WIDTH).trim();
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no line \"" + label + "\" in:\n" + String.join("\n", output));
    }

    public List<String> output() {
        return List.copyOf(output);
    }

    /** SIGKILL: no shutdown hook runs, as when a laptop's battery dies. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String classpath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }
}
