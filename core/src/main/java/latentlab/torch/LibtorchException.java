package latentlab.torch;

/**
 * The libtorch asked for cannot be used as it is: a folder that is not there or holds no libtorch, a
 * version or flavour the JNI was not built for, a GPU asked for that is not usable. The message is one line
 * that names the cause and what to do; the commands answer it and exit 2.
 */
public final class LibtorchException extends RuntimeException {
    public LibtorchException(String message) {
        super(message);
    }
}
