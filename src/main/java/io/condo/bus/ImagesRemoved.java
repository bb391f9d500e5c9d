package io.condo.bus;

/** Image GC removed {@code count} images Condo had used for {@code service} (for the metrics). */
public record ImagesRemoved(String service, int count) {
}
