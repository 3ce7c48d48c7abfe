package latentlab.train;

/** PNGs of one epoch: the sample grid decoded from the run's fixed noise, and fixed test digits over their reconstructions. */
public record EpochImages(int epoch, byte[] samplesPng, byte[] reconstructionsPng) {}
