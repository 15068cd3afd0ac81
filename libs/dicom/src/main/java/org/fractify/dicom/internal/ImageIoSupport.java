package org.fractify.dicom.internal;

import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;

import javax.imageio.IIOException;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.spi.ServiceRegistry;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;


/**
 * Runs ImageIO readers on in-memory streams: readers are created per call (they are not thread-safe), no disk
 * cache is used, decoder warnings (premature end of data, corrupt data) are errors, and every failure becomes a
 * {@link CodecException}. Internal API.
 */
final class ImageIoSupport {

    private ImageIoSupport() {
    }

    /** The JDK's libjpeg-based reader (baseline and extended 8-bit JPEG). */
    static ImageReaderSpi jdkJpeg() {
        return Holder.JDK_JPEG;
    }

    /** TwelveMonkeys' reader (adds lossless JPEG, process 14). */
    static ImageReaderSpi twelveMonkeysJpeg() {
        return Holder.TM_JPEG;
    }

    static ImageReaderSpi jpeg2000() {
        return Holder.J2K;
    }

    private static final class Holder {
        static final ImageReaderSpi JDK_JPEG = findJdkJpeg();
        static final ImageReaderSpi TM_JPEG = twelveMonkeys(JDK_JPEG);
        static final ImageReaderSpi J2K = new com.github.jaiimageio.jpeg2000.impl.J2KImageReaderSpi();

        /**
         * TwelveMonkeys finds its JDK delegate when registered. It is registered in a private registry so that
         * the global ImageIO registry (and its reader order) is left alone.
         */
        private static ImageReaderSpi twelveMonkeys(ImageReaderSpi jdk) {
            ImageReaderSpi spi = new com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi();
            if (jdk == null) {
                return null;
            }
            ServiceRegistry registry = new ServiceRegistry(List.<Class<?>>of(ImageReaderSpi.class).iterator());
            registry.registerServiceProvider(jdk, ImageReaderSpi.class);
            registry.registerServiceProvider(spi, ImageReaderSpi.class);
            return spi;
        }

        private static ImageReaderSpi findJdkJpeg() {
            Iterator<ImageReaderSpi> it = IIORegistry.getDefaultInstance()
                    .getServiceProviders(ImageReaderSpi.class, true);
            while (it.hasNext()) {
                ImageReaderSpi spi = it.next();
                if (spi.getClass().getName().equals("com.sun.imageio.plugins.jpeg.JPEGImageReaderSpi")) {
                    return spi;
                }
            }
            return null;
        }
    }

    /**
     * Decodes image 0 of {@code data}.
     *
     * @param raster read the raw raster (no colour conversion) instead of the converted image
     */
    static Raster read(ImageReaderSpi spi, byte[] data, boolean raster, String what) {
        return read(spi, new MemoryCacheImageInputStream(new ByteArrayInputStream(data)), raster, what);
    }

    /** Decodes image 0 from a stream that signals its end by EOFException (see EofSignallingInputStream). */
    static Raster readStrict(ImageReaderSpi spi, byte[] data, boolean raster, String what) {
        EofSignallingInputStream in = new EofSignallingInputStream(data);
        Raster r = read(spi, in, raster, what);
        if (in.endReached()) {
            throw CodecException.corrupt(what, "data ends before the image is complete");
        }
        return r;
    }

    private static Raster read(ImageReaderSpi spi, ImageInputStream input, boolean raster, String what) {
        if (spi == null) {
            throw new CodecException(true, what + ": no ImageIO reader available");
        }
        ImageReader reader = null;
        try (ImageInputStream in = input) {
            reader = spi.createReaderInstance();
            String[] warning = new String[1];
            IIOReadWarningListener listener = (source, message) -> {
                if (warning[0] == null) {
                    warning[0] = message;
                }
            };
            reader.addIIOReadWarningListener(listener);
            reader.setInput(in, true, true);
            ImageReadParam param = reader.getDefaultReadParam();
            Raster r = raster ? reader.readRaster(0, param) : reader.read(0, param).getRaster();
            if (warning[0] != null) {
                throw CodecException.corrupt(what, warning[0]);
            }
            return r;
        } catch (IIOException e) {
            throw new CodecException(false, what + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException | OutOfMemoryError | StackOverflowError | AssertionError e) {
            if (e instanceof CodecException) {
                throw (CodecException) e;
            }
            throw new CodecException(false, what + " decoder failed: " + e, e);
        } finally {
            if (reader != null) {
                reader.dispose();
            }
        }
    }

    /** Pixel-interleaved samples of a raster, checked against the expected geometry. */
    static int[] samples(Raster r, int rows, int columns, int bands, String what) {
        if (r.getWidth() != columns || r.getHeight() != rows || r.getNumBands() != bands) {
            throw new CodecException(false, what + " decoded " + r.getWidth() + "x" + r.getHeight() + "x"
                    + r.getNumBands() + ", expected " + columns + "x" + rows + "x" + bands);
        }
        return r.getPixels(r.getMinX(), r.getMinY(), columns, rows, (int[]) null);
    }
}
