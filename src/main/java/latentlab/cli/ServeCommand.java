package latentlab.cli;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import latentlab.data.Mnist;
import latentlab.train.TrainingDevice;
import latentlab.web.LatentLabServer;
import latentlab.web.PresenterToken;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve} (the default): the dashboard at http://localhost:7070, training on demand. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serve the live dashboard; the presenter link (with its token) controls training.")
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "N", defaultValue = "7070", description = "HTTP port (default 7070; 0 = any free port)")
    int port;
    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", description = "address to bind (default 127.0.0.1: this machine only)")
    String host;
    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:LATENT_LAB_TOKEN}",
            description = "presenter token (default: $LATENT_LAB_TOKEN, else a new random one each start)")
    String token;
    @Option(names = "--allow-origin", paramLabel = "URL", description = "another page origin allowed to open the WebSocket (repeatable)")
    List<String> allowedOrigins = List.of();
    @Option(names = "--device", paramLabel = "auto|cpu|gpu", defaultValue = "auto")
    String device;
    @Option(names = "--models", paramLabel = "DIR", defaultValue = "models")
    Path models;
    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data/mnist")
    Path data;
    @Option(names = "--web", paramLabel = "DIR", description = "serve the dashboard from this folder (default: ./web when present, else the copy in the jar)")
    Path web;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65_535) {
            throw new BadArgumentException("--port must be 0-65535, got " + port);
        }
        PresenterToken presenter;
        try {
            presenter = token == null || token.isBlank() ? PresenterToken.generate() : PresenterToken.of(token);
        } catch (IllegalArgumentException e) {
            throw new BadArgumentException(e.getMessage());
        }
        if (web != null && !Files.isRegularFile(web.resolve("index.html"))) {
            throw new BadArgumentException("--web " + web + " has no index.html");
        }
        Device chosen;
        try {
            chosen = TrainingDevice.choose(device);
        } catch (IllegalArgumentException e) {
            throw new BadArgumentException(e.getMessage());
        }
        Mnist mnist = Mnist.fetchAndLoad(data, System.out::println);
        Path webFolder = web != null ? web : LatentLabServer.developmentWebFolder();
        LatentLabServer server = LatentLabServer.start(mnist, new LatentLabServer.Settings(host, port, presenter,
                models, webFolder, chosen, new LinkedHashSet<>(allowedOrigins)), System.out::println);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        System.out.println("Latent Lab is running on " + TrainingDevice.describe(chosen) + ".");
        System.out.println("  Presenter (can control; keep this link to yourself): " + server.presenterUrl());
        System.out.println("  Viewers (watch and explore):                         " + server.viewerUrl());
        stopped.await();
        return 0;
    }
}
