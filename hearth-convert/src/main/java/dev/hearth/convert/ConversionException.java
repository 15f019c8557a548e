package dev.hearth.convert;

/** A Hugging Face folder that cannot be converted: a missing or malformed file, or an unsupported feature. */
public class ConversionException extends RuntimeException {
    public ConversionException(String message) {
        super(message);
    }

    public ConversionException(String message, Throwable cause) {
        super(message, cause);
    }
}
