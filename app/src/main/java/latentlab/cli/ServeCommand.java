package latentlab.cli;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import latentlab.data.Mnist;
import latentlab.train.ModelsInUseException;
import latentlab.train.ModelsLock;
import latentlab.train.TrainingDevice;
import latentlab.render.QrCode;
import latentlab.web.ClassroomSecrets;
import latentlab.web.JoinPin;
import latentlab.web.LatentLabServer;
import latentlab.web.Limits;
import latentlab.web.ShareLink;
import latentlab.web.PresenterToken;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve} (the default): the dashboard at http://localhost:7070, training on demand. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serve the live dashboard; the one-time presenter link opens the controls in your browser.")
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "N", defaultValue = "7070", description = "HTTP port (default 7070; 0 = any free port)")
    int port;
    @Option(names = "--host", paramLabel = "ADDRESS", description = "address to bind (default 127.0.0.1: this machine only; 0.0.0.0 with --share)")
    String host;
    @Option(names = "--share", description = "open to the class: bind all interfaces, print the viewer link and its QR code")
    boolean share;
    @Option(names = "--pin", paramLabel = "DIGITS|random", defaultValue = "${env:LATENT_LAB_PIN}",
            description = "viewers must enter this join PIN (4-12 digits, or random; default: $LATENT_LAB_PIN, else none)")
    String pin;
    @Option(names = "--public-url", paramLabel = "URL", defaultValue = "${env:LATENT_LAB_PUBLIC_URL}",
            description = "the viewer link to show when the class reaches this server by another address (proxy, tunnel, Docker)")
    String publicUrl;
    @Option(names = "--requests-per-second", paramLabel = "N", defaultValue = "20",
            description = "explore/export requests per second per address (default 20, bursts of twice that)")
    int requestsPerSecond;
    @Option(names = "--messages-per-second", paramLabel = "N", defaultValue = "60",
            description = "WebSocket messages per second per connection (default 60)")
    int messagesPerSecond;
    @Option(names = "--connections-per-address", paramLabel = "N", defaultValue = "50",
            description = "open dashboards per address (default 50; raise it when a class shares one NAT address)")
    int connectionsPerAddress;
    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "2000",
            description = "open dashboards in all (default 2000)")
    int maxConnections;
    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:LATENT_LAB_TOKEN}",
            description = "presenter token (default: $LATENT_LAB_TOKEN, else the one kept in the models folder, made at the first start)")
    String token;
    @Option(names = "--new-token", description = "make a new presenter token, join secret and random PIN: pages open now must sign in again")
    boolean newToken;
    @Option(names = "--no-demo", description = "with an empty models folder, show nothing instead of the demo run that ships with Latent Lab")
    boolean noDemo;
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
        if (token != null && !token.isBlank()) {
            try {
                PresenterToken.of(token);
            } catch (IllegalArgumentException e) {
                throw new BadArgumentException(e.getMessage());
            }
        }
        String link;
        Limits limits;
        try {
            if (pin != null && !pin.isBlank() && !pin.equals("random")) {
                JoinPin.check(pin);
            }
            link = publicUrl == null || publicUrl.isBlank() ? null : ShareLink.checkPublicUrl(publicUrl);
            limits = new Limits(requestsPerSecond, messagesPerSecond, connectionsPerAddress, maxConnections);
        } catch (IllegalArgumentException e) {
            throw new BadArgumentException(e.getMessage());
        }
        String bind = host != null ? host : share ? "0.0.0.0" : "127.0.0.1";
        if (web != null && !Files.isRegularFile(web.resolve("index.html"))) {
            throw new BadArgumentException("--web " + web + " has no index.html");
        }
        Device chosen = LatentLabCommand.device(device);
        lock(models).close(); // refused now, before MNIST is fetched, when another Latent Lab has the folder
        ClassroomSecrets.Kept kept = keptSecrets();
        ClassroomSecrets secrets = kept.secrets();
        PresenterToken presenter = token != null && !token.isBlank() ? PresenterToken.of(token) : PresenterToken.of(secrets.token());
        String joinPin = pin == null || pin.isBlank() ? null : pin.equals("random") ? secrets.randomPin() : JoinPin.check(pin);
        Mnist mnist = Mnist.fetchAndLoad(data, System.out::println);
        if (!noDemo) {
            latentlab.train.DemoRun.installIfEmpty(models, System.out::println);
        }
        Path webFolder = web != null ? web : LatentLabServer.developmentWebFolder();
        LatentLabServer server;
        try {
            server = LatentLabServer.start(mnist, new LatentLabServer.Settings(bind, port, presenter,
                    models, webFolder, chosen, new LinkedHashSet<>(allowedOrigins), joinPin, link, limits, secrets.joinSecret()),
                    System.out::println);
        } catch (ModelsInUseException e) {
            throw new BadArgumentException(e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        System.out.println("Latent Lab is running on " + TrainingDevice.describe(chosen) + ".");
        row("Presenter (can control; works once, keep it to yourself)", server.presenterUrl());
        row("Presenter token (scripts: Authorization: Bearer)", presenter.value()
                + (token != null && !token.isBlank() ? " (from --token or $LATENT_LAB_TOKEN)" : ""));
        row("Viewers (watch and explore)", server.viewerUrl());
        if (joinPin != null) {
            row("Join PIN for viewers", joinPin);
        }
        row(joinPin != null ? "Token, PIN and join link" : "Token", kept.note());
        if (share || link != null) {
            row("Scan to join" + (joinPin != null ? " (no PIN needed from the code)" : ""), server.joinUrl());
            System.out.print(QrCode.of(server.joinUrl()).terminal());
        } else if (ShareLink.loopbackOnly(bind, link)) {
            System.out.println("  Only this machine can open it; start with --share to let a class in.");
        }
        stopped.await();
        return 0;
    }

    /** The start's lines: "  label:" padded to this, then the value (tests read the value from there). */
    public static final int LABEL_WIDTH = 58;

    private static void row(String label, String value) {
        System.out.println(String.format("  %-" + LABEL_WIDTH + "s%s", label + ":", value));
    }

    /**
     * This start's secrets: those kept in the models folder (new ones with --new-token), a random PIN made
     * once for {@code --pin random} and kept with them, written back owner-only.
     */
    private ClassroomSecrets.Kept keptSecrets() {
        ClassroomSecrets.Kept read = ClassroomSecrets.read(models, newToken);
        ClassroomSecrets secrets = read.secrets();
        String note = read.note();
        if ("random".equals(pin) && secrets.randomPin() == null) {
            secrets = secrets.withRandomPin(JoinPin.random());
        }
        return secrets.keep(models, note);
    }

    /** The models folder's lock for this process, or the one line saying who has it (exit 2). */
    static ModelsLock lock(Path models) throws java.io.IOException {
        try {
            return ModelsLock.acquire(models);
        } catch (ModelsInUseException e) {
            throw new BadArgumentException(e.getMessage());
        }
    }
}
