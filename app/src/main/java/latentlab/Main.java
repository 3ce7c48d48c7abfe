package latentlab;

import latentlab.cli.LatentLabCommand;

/** {@code java -jar latent-lab.jar [serve|train|bench] [options]}; no command means {@code serve}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        configureOffline();
        System.exit(LatentLabCommand.commandLine().execute(args));
    }

    /**
     * DJL must never reach the network: without these it contacts a cloud metadata address at start
     * (usage tracking) and may try to download a native library. Set before anything touches DJL.
     */
    public static void configureOffline() {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("java.awt.headless", "true");
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
            System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
        }
    }
}
