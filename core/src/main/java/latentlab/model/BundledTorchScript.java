package latentlab.model;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A weightless TorchScript module bundled as a resource of this package (written by
 * {@code src/main/python/export_torchscript.py}): how Latent Lab reaches libtorch operations that DJL's
 * PyTorch engine does not expose. Every tensor, weights included, goes in as an argument, so the module
 * holds no state and one instance serves every thread for the life of the process.
 */
final class BundledTorchScript {
    private final PtSymbolBlock module;

    private BundledTorchScript(PtSymbolBlock module) {
        this.module = module;
    }

    static BundledTorchScript load(String resource) {
        try (InputStream in = BundledTorchScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the build");
            }
            if (!(NDManager.newBaseManager() instanceof PtNDManager modules)) { // lives as long as the process
                throw new IllegalStateException(resource + " needs DJL's PyTorch engine");
            }
            return new BundledTorchScript(JniUtils.loadModule(modules, in, true, false));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        } catch (EngineException e) {
            throw new IllegalStateException("libtorch cannot load " + resource + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs the module under the calling thread's autograd mode, so gradients flow through it to the
     * caller's tensors like through any DJL operation. The results belong to the caller's scope.
     */
    NDList call(NDList arguments) {
        return IValueUtils.forward(module, arguments, true); // false would force inference mode
    }
}
