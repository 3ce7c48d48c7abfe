package latentlab.web;

import ai.djl.Device;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.time.Duration;
import latentlab.data.Mnist;
import latentlab.explore.Explorer;
import latentlab.live.LiveHub;
import latentlab.live.LiveMessage;
import latentlab.live.RunLinks;
import latentlab.train.ModelsLock;
import latentlab.train.RunDirectory;
import latentlab.train.RunSupervisor;
import latentlab.train.SavedRun;
import latentlab.train.TrainingDevice;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;

/**
 * Wires the product together: the runs, the live hub, the explorer, the APIs, the WebSocket and the
 * dashboard's static files. All routes are declared here, in one place; what each refusal answers is
 * {@link ApiErrors}'.
 */
public final class LatentLabServer implements AutoCloseable {
    /** Where the dashboard's files come from: a folder on disk (edits show on reload) or the jar. */
    /**
     * {@code joinSecret}: what the join pass and link are derived from ({@link ClassroomSecrets}); null
     * makes a new one, so a restart shuts out the pages that had joined.
     */
    public record Settings(String host, int port, PresenterToken token, Path models, Path webFolder, Device device,
                           Set<String> allowedOrigins, String pin, String publicUrl, Limits limits, String joinSecret) {
        public Settings {
            joinSecret = joinSecret == null ? ClassroomSecrets.randomSecret() : joinSecret;
        }

        public Settings(String host, int port, PresenterToken token, Path models, Path webFolder, Device device,
                        Set<String> allowedOrigins, String pin, String publicUrl, Limits limits) {
            this(host, port, token, models, webFolder, device, allowedOrigins, pin, publicUrl, limits, null);
        }

        /** An open class (no PIN), its link derived from the bound address, default limits. */
        public Settings(String host, int port, PresenterToken token, Path models, Path webFolder, Device device,
                        Set<String> allowedOrigins) {
            this(host, port, token, models, webFolder, device, allowedOrigins, null, null, Limits.DEFAULT);
        }

        public Settings withLimits(Limits newLimits) {
            return new Settings(host, port, token, models, webFolder, device, allowedOrigins, pin, publicUrl, newLimits, joinSecret);
        }

        public Settings withPin(String newPin) {
            return new Settings(host, port, token, models, webFolder, device, allowedOrigins, newPin, publicUrl, limits, joinSecret);
        }

        public Settings withJoinSecret(String secret) {
            return new Settings(host, port, token, models, webFolder, device, allowedOrigins, pin, publicUrl, limits, secret);
        }
    }

    /** Routes that cost the server real work; each address may make {@link Limits#requestsPerSecond()} of these requests. */
    private static final Set<String> COSTLY_ROUTES = Set.of("/api/decode", "/api/encode", "/api/interpolate",
            "/api/latent-map", "/api/manifold", "/api/join", RunLinks.REPLAY_ROUTE, RunLinks.METRICS_ROUTE);
    /** A request's whole body must arrive within this (a drawing is a few KB; a phone on bad Wi-Fi, seconds). */
    static final long BODY_DEADLINE_MILLIS = 10_000;

    private static boolean costly(String route) {
        return COSTLY_ROUTES.contains(route);
    }

    private final Javalin app;
    private final org.eclipse.jetty.ee10.servlet.SessionHandler sessions;
    private final ModelsLock lock;
    private final PresenterLink presenterLink;
    private final RunSupervisor runs;
    private final LiveHub hub;
    private final Explorer explorer;
    private final Settings settings;
    private final JoinGate gate;

    private LatentLabServer(Javalin app, RunSupervisor runs, LiveHub hub, Explorer explorer, Settings settings,
                            org.eclipse.jetty.ee10.servlet.SessionHandler sessions, ModelsLock lock, PresenterLink presenterLink, JoinGate gate) {
        this.app = app;
        this.gate = gate;
        this.presenterLink = presenterLink;
        this.lock = lock;
        this.sessions = sessions;
        this.explorer = explorer;
        this.runs = runs;
        this.hub = hub;
        this.settings = settings;
    }

    /**
     * Starts the server; throws {@link latentlab.train.ModelsInUseException} when another Latent Lab uses the
     * same models folder.
     */
    public static LatentLabServer start(Mnist data, Settings settings, Consumer<String> log) throws IOException {
        ModelsLock lock = ModelsLock.acquire(settings.models());
        try {
            return start(data, settings, log, lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static LatentLabServer start(Mnist data, Settings settings, Consumer<String> log, ModelsLock lock) throws IOException {
        String deviceName = TrainingDevice.describe(settings.device());
        LiveHub hub = new LiveHub(deviceName);
        Explorer explorer = new Explorer(data, settings.models(), log);
        showLastRun(hub, explorer, settings.models(), log);
        RunSupervisor runs = new RunSupervisor(data, settings.models(), settings.device(), List.of(hub, explorer), log);
        ControlApi api = new ControlApi(runs, settings.token(), id -> showNextAfterDelete(hub, explorer, settings.models(), id, log));
        ExploreApi explore = new ExploreApi(explorer);
        ExportApi export = new ExportApi(runs.models());
        EpochFilesApi epochFiles = new EpochFilesApi(explorer.resources());
        JoinGate gate = new JoinGate(settings.pin(), settings.token(), settings.joinSecret());
        KeyedRateLimiter requests = new KeyedRateLimiter(settings.limits().requestsPerSecond(), Duration.ofSeconds(1));
        LiveSocket socket = new LiveSocket(hub, explorer, settings.token(), settings.allowedOrigins(), gate,
                new AddressConnections(settings.limits()), settings.limits().messagesPerSecond());
        Javalin[] started = new Javalin[1];
        PresenterLink presenterLink = new PresenterLink(settings.token(), () -> presenterBase(settings.host(), started[0].port()), log);
        ShareApi share = new ShareApi(settings.token(), gate,
                () -> ShareLink.viewerUrl(settings.host(), started[0].port(), settings.publicUrl()),
                ShareLink.loopbackOnly(settings.host(), settings.publicUrl()), hub::clientCount);
        explorer.onMap(map -> hub.latentMapReady(LiveMessage.LatentMapReady.of(map.runId(), map.epoch(), map.latent())));
        ServletContextHandler[] context = new ServletContextHandler[1];
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            // No permessage-deflate: the frames are small JSON (pictures go as links), and compressing each
            // one again for each of hundreds of browsers would cost the hub more than it saves.
            config.jetty.modifyServletContextHandler(handler -> context[0] = handler);
            config.jetty.modifyWebSocketServletFactory(factory -> WebSocketServerComponents
                    .getWebSocketComponents(context[0]).getExtensionRegistry().unregister("permessage-deflate"));
            config.jetty.modifyServer(server -> {
                server.setErrorHandler(new JettyErrorAnswer());
                // Javalin hangs its servlet context under the innermost of these wrappers
                FrontDoor door = new FrontDoor(ShareLink.hostNames(settings.host(), settings.publicUrl(), settings.allowedOrigins()));
                door.setHandler(new WholeBodyFirst(BODY_DEADLINE_MILLIS));
                server.setHandler(door);
            });
            config.jetty.modifyServletContextHandler(handler -> OneRequestSessions.install(handler.getSessionHandler()));
            config.http.maxRequestSize = WholeBodyFirst.MAX_BYTES;
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            config.staticFiles.enableWebjars();
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                if (settings.webFolder() != null) {
                    files.directory = settings.webFolder().toAbsolutePath().toString();
                    files.location = Location.EXTERNAL;
                } else {
                    files.directory = "/web";
                    files.location = Location.CLASSPATH;
                }
            });
            config.staticFiles.add(files -> {
                // the browser libraries (core/pom.xml puts them here at build time), under versioned paths:
                // cached for a year, and compressed once in memory rather than once per student
                files.hostedPath = "/vendor";
                files.directory = "/vendor";
                files.location = Location.CLASSPATH;
                files.headers = java.util.Map.of("Cache-Control", "public, max-age=31536000, immutable");
                files.precompressMaxSize = 16 << 20;
            });
            config.routes.before("/api/*", gate::require);
            config.routes.beforeMatched(ctx -> {
                // the route that answers, not the path as spelt: /api/decode/ is /api/decode
                var route = ctx.endpoints().matchedHttpEndpoint();
                if (route != null && costly(route.path)) {
                    long waitMillis = requests.tryTake(ctx.ip());
                    if (waitMillis > 0) {
                        throw ApiException.tooMany("too many requests from your address: at most "
                                + settings.limits().requestsPerSecond() + " per second; try again in " + waitMillis + " ms",
                                null, waitMillis);
                    }
                }
            });
            config.routes.get(PresenterLink.ROUTE, presenterLink::open);
            config.routes.get("/api/access", gate::access);
            config.routes.post("/api/join", gate::join);
            config.routes.get("/api/share", share::share);
            config.routes.get("/api/status", api::status);
            config.routes.get("/api/hyperparameters", api::hyperparameters);
            config.routes.get("/api/runs", api::listRuns);
            config.routes.post("/api/runs", api::startRun);
            config.routes.post("/api/runs/current/pause", api::pause);
            config.routes.post("/api/runs/current/resume", api::resume);
            config.routes.post("/api/runs/current/stop", api::stop);
            config.routes.post("/api/runs/current/step", api::step);
            config.routes.patch("/api/runs/current", api::tune);
            config.routes.get(RunLinks.RUN_ROUTE, api::getRun);
            config.routes.delete(RunLinks.RUN_ROUTE, api::deleteRun);
            config.routes.post(RunLinks.RESUME_ROUTE, api::resumeRun);
            config.routes.get(RunLinks.IMAGE_ROUTE, export::image);
            config.routes.get(RunLinks.METRICS_ROUTE, export::metricsCsv);
            config.routes.get(RunLinks.REPLAY_ROUTE, export::replayGif);
            config.routes.get(RunLinks.EPOCH_ROUTE, epochFiles::file);
            config.routes.post("/api/decode", explore::decode);
            config.routes.post("/api/encode", explore::encode);
            config.routes.post("/api/interpolate", explore::interpolate);
            config.routes.get("/api/latent-map", explore::latentMap);
            config.routes.get("/api/manifold", explore::manifold);
            config.routes.get("/api/test-digits/{index}", explore::testDigit);
            config.routes.wsBeforeUpgrade("/ws", socket::beforeUpgrade);
            config.routes.ws("/ws", socket::configure);
            ApiErrors.install(config, log);
        });
        started[0] = app;
        app.start();
        return new LatentLabServer(app, runs, hub, explorer, settings, context[0].getSessionHandler(), lock, presenterLink, gate);
    }

    /** After a restart the dashboard shows the last run, its history and pictures, until a new one starts. */
    private static void showLastRun(LiveHub hub, Explorer explorer, Path models, Consumer<String> log) throws IOException {
        RunDirectory run = null;
        SavedRun saved = null;
        for (String id : RunDirectory.list(models)) { // the newest run that can be shown; a damaged one is named and passed over
            try {
                run = RunDirectory.open(models, id);
                saved = SavedRun.load(run);
                break;
            } catch (latentlab.train.DamagedRunException e) {
                log.accept("warning: " + e.getMessage() + "; showing an older run");
            }
        }
        if (saved == null) {
            return;
        }
        if (saved.damage() != null) {
            log.accept("warning: run " + run.id() + " is damaged: " + saved.damage());
        }
        if (saved.outcome().equals("interrupted")) {
            log.accept("run " + run.id() + " was interrupted after epoch " + saved.history().size() + " of "
                    + saved.hyperparameters().epochs() + "; the presenter can resume it from its last checkpoint");
        }
        hub.showSavedRun(saved);
        run.latestWeights(w -> log.accept("warning: " + w)).ifPresent(explorer::weightsPublished);
    }

    /** After a delete: the pages that showed the deleted run show the newest one left (or none), explored on its weights. */
    private static void showNextAfterDelete(LiveHub hub, Explorer explorer, Path models, String deleted, Consumer<String> log) {
        try {
            for (String id : RunDirectory.list(models)) {
                try {
                    RunDirectory run = RunDirectory.open(models, id);
                    SavedRun saved = SavedRun.load(run);
                    hub.replaceDeletedRun(deleted, saved);
                    if (explorer.shows(deleted)) {
                        run.latestWeights(w -> log.accept("warning: " + w)).ifPresent(explorer::weightsPublished);
                    }
                    return;
                } catch (latentlab.train.DamagedRunException e) {
                    // an older one, then
                }
            }
            hub.replaceDeletedRun(deleted, null);
        } catch (IOException e) {
            log.accept("warning: after deleting run " + deleted + ": " + e.getMessage());
        }
    }

    /** HTTP sessions held in memory now: none once their requests are done (see {@link OneRequestSessions}). */
    long httpSessionsInMemory() {
        return OneRequestSessions.current(sessions);
    }

    public int port() {
        return app.port();
    }

    public RunSupervisor runs() {
        return runs;
    }

    public LiveHub hub() {
        return hub;
    }

    /** The server's own decoder and encoder (the fallback's, the API's and the exports'). */
    public Explorer explorer() {
        return explorer;
    }

    /** The link for the class (on the LAN address when bound to all interfaces, or --public-url). */
    public String viewerUrl() {
        return ShareLink.viewerUrl(settings.host(), port(), settings.publicUrl());
    }

    /** The viewer link with the join link's secret in it, for the QR code: scanning it joins at once. */
    public String joinUrl() {
        return ShareApi.joinUrl(viewerUrl(), gate);
    }

    /** The presenter's own link, on this machine: good once (the log prints the next after each use; {@link PresenterLink}). */
    public String presenterUrl() {
        return presenterLink.url();
    }

    private static String presenterBase(String boundHost, int port) {
        String host = ShareLink.bindsAll(boundHost) ? "localhost" : ShareLink.inUrl(boundHost);
        return "http://" + host + ":" + port + "/";
    }

    /** The dashboard folder to serve from disk when running from a checkout, else null (use the jar's copy). */
    public static Path developmentWebFolder() {
        Path web = Path.of("web");
        return Files.isRegularFile(web.resolve("index.html")) ? web : null;
    }

    @Override
    public void close() {
        try {
            runs.shutdown(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        app.stop();
        hub.close();
        explorer.close();
        try {
            lock.close();
        } catch (IOException e) {
            // the OS frees it when the process ends anyway
        }
    }
}
