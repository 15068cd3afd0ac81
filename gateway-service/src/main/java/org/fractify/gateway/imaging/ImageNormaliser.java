package org.fractify.gateway.imaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.fractify.contracts.DicomMetadata;
import org.fractify.contracts.Modality;
import org.fractify.contracts.NormalisedImage;
import org.fractify.contracts.SeriesSelection;
import org.fractify.contracts.SliceCandidate;
import org.fractify.gateway.config.GatewayConfig;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;

/**
 * Turns what a client sends into the one image shape every model accepts: 8-bit grayscale, square
 * (letterboxed onto black, centred, aspect kept, as the training sets were curated), at most
 * {@code normalisedMaxSide} pixels. PNG, JPEG (upright per its EXIF orientation) and DICOM (windowed per
 * docs/preprocessing.md) all pass through {@link Grayscale} and the same letterbox. Model-specific
 * resizing and normalisation happen inside each TorchScript graph, so training and serving see the same
 * pixels.
 */
@ApplicationScoped
public class ImageNormaliser {

    private final GatewayConfig.Images limits;
    private final DicomInput.Limits dicomLimits;

    public ImageNormaliser(GatewayConfig config) {
        this.limits = config.images();
        this.dicomLimits = new DicomInput.Limits(config.maxBodyBytes(), limits.maxPixels(), limits.maxFrames(),
                limits.minSide());
    }

    /** A normalised image with the gateway's stage timings. */
    public record Normalised(NormalisedImage image, long decodeMs, long preprocessMs) {
    }

    /** One file of a request: its bytes and how problems name it ({@code images_base64[2]}). */
    public record Upload(String label, byte[] bytes) {
    }

    /** Series mode's result: the representative slice, the other candidates and what was done. */
    public record NormalisedSeries(NormalisedImage image, List<SliceCandidate> candidates, SeriesSelection selection,
            long decodeMs, long preprocessMs) {
    }

    /** Normalises one image of any accepted format for the requested modality. */
    public Normalised normalise(byte[] bytes, Modality modality) {
        long t0 = System.nanoTime();
        String format = sniff(bytes);
        if (format.equals("dicom")) {
            DicomInput input = DicomInput.parse(bytes, null, dicomLimits);
            int frame = input.representativeFrame();
            // decoded before the modality check: a broken file is reported as broken, whatever it claims to be
            DicomInput.Rendered rendered = input.render(frame, modality);
            input.checkModality(modality);
            long t1 = System.nanoTime();
            NormalisedImage image = finish(rendered.image(), "dicom", input.metadata(frame, rendered.window()));
            return new Normalised(image, ms(t1 - t0), ms(System.nanoTime() - t1));
        }
        BufferedImage decoded = decode(bytes, format);
        long t1 = System.nanoTime();
        if (Math.min(decoded.getWidth(), decoded.getHeight()) < limits.minSide()) {
            throw new ProblemException(ProblemType.IMAGE_TOO_SMALL, "The image is " + decoded.getWidth() + " x "
                    + decoded.getHeight() + " pixels; the smallest accepted side is " + limits.minSide());
        }
        Gray8Image gray = toGray8(decoded);
        if (format.equals("jpeg")) {
            gray = ExifOrientation.apply(gray, ExifOrientation.of(bytes));
        }
        NormalisedImage image = finish(gray, format, null);
        return new Normalised(image, ms(t1 - t0), ms(System.nanoTime() - t1));
    }

    /**
     * Series mode: parses every file (pixels untouched), checks each against the requested modality, plans
     * the series and renders only the planned slices.
     */
    public NormalisedSeries normaliseSeries(List<Upload> uploads, Modality modality, Optional<String> seriesUid,
            int maxCandidates) {
        long t0 = System.nanoTime();
        List<DicomInput> inputs = new ArrayList<>(uploads.size());
        List<SeriesPlanner.Slice> slices = new ArrayList<>(uploads.size());
        for (Upload upload : uploads) {
            String format = upload.bytes().length == 0 ? "empty" : sniffOrNull(upload.bytes());
            if (!"dicom".equals(format)) {
                throw new ProblemException(ProblemType.UNSUPPORTED_IMAGE_FORMAT, upload.label()
                        + " is not DICOM; series mode ('images_base64' with 3 or more files) takes DICOM files only");
            }
            DicomInput input = DicomInput.parse(upload.bytes(), upload.label(), dicomLimits);
            input.checkModality(modality);
            slices.add(new SeriesPlanner.Slice(inputs.size(), upload.label(), input.seriesInstanceUid,
                    input.sopInstanceUid, input.instanceNumber, input.position, input.orientation,
                    input.metadata(0, null).viewPosition()));
            inputs.add(input);
        }
        SeriesPlanner.Plan plan = SeriesPlanner.plan(slices, modality, seriesUid, maxCandidates);
        long decodeNs = 0;
        long preprocessNs = 0;
        NormalisedImage representative = null;
        List<SliceCandidate> candidates = new ArrayList<>();
        for (int index : plan.candidates()) {
            long a = System.nanoTime();
            DicomInput input = inputs.get(plan.ordered().get(index).file());
            int frame = input.representativeFrame();
            DicomInput.Rendered rendered = input.render(frame, modality);
            long b = System.nanoTime();
            NormalisedImage image = finish(rendered.image(), "dicom", input.metadata(frame, rendered.window()));
            preprocessNs += System.nanoTime() - b;
            decodeNs += b - a;
            if (index == plan.representative()) {
                representative = image;
            } else {
                candidates.add(new SliceCandidate(index, input.sopInstanceUid, image));
            }
        }
        long parseNs = System.nanoTime() - t0 - decodeNs - preprocessNs;
        SeriesPlanner.Slice chosen = plan.ordered().get(plan.representative());
        SeriesSelection selection = new SeriesSelection(plan.seriesInstanceUid(), plan.ordered().size(),
                chosen.sopInstanceUid(), plan.representative(), plan.rule());
        return new NormalisedSeries(representative, candidates, selection, ms(parseNs + decodeNs), ms(preprocessNs));
    }

    private NormalisedImage finish(Gray8Image gray, String format, DicomMetadata dicom) {
        Gray8Image square = letterbox(gray, limits.normalisedMaxSide());
        byte[] png = encodePng(square);
        return new NormalisedImage(square.width(), square.height(), Base64.getEncoder().encodeToString(png), format,
                gray.width(), gray.height(), dicom);
    }

    /** png, jpeg or dicom; anything else is a 415 (an empty image a 422). */
    static String sniff(byte[] b) {
        if (b.length == 0) {
            throw new ProblemException(ProblemType.IMAGE_UNDECODABLE, "The image is empty (0 bytes)");
        }
        String format = sniffOrNull(b);
        if (format == null) {
            throw new ProblemException(ProblemType.UNSUPPORTED_IMAGE_FORMAT,
                    "The image is neither PNG, JPEG nor DICOM; its first bytes match no supported format");
        }
        return format;
    }

    private static String sniffOrNull(byte[] b) {
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "png";
        }
        if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
            return "jpeg";
        }
        // Part 10: 128-byte preamble then "DICM" (a damaged magic still goes to the DICOM reader, which says
        // what is wrong); or a data set without preamble, starting with a group 0002 or 0008 tag (LE or BE).
        if (b.length >= 131 && b[128] == 'D' && b[129] == 'I' && b[130] == 'C') {
            return "dicom";
        }
        if (b.length >= 8 && ((b[1] == 0 && (b[0] == 0x02 || b[0] == 0x08)) || (b[0] == 0 && (b[1] == 0x02
                || b[1] == 0x08)))) {
            return "dicom";
        }
        return null;
    }

    private BufferedImage decode(byte[] bytes, String format) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
            if (!readers.hasNext()) {
                throw new ProblemException(ProblemType.UNSUPPORTED_IMAGE_FORMAT, "No decoder for " + format);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                // Checked from the header, before any pixel is decoded: a 1 KB PNG can declare 100k x 100k.
                if (pixels > limits.maxPixels()) {
                    throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "The image declares " + reader.getWidth(0)
                            + " x " + reader.getHeight(0) + " pixels; at most " + limits.maxPixels() + " are accepted");
                }
                BufferedImage image = reader.read(0);
                if (image == null) {
                    throw new IOException("no image");
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProblemException p) {
                throw p;
            }
            throw new ProblemException(ProblemType.IMAGE_UNDECODABLE,
                    "The " + format.toUpperCase() + " image cannot be decoded: it is truncated or corrupt");
        }
    }

    /**
     * A decoded PNG or JPEG as 8-bit gray, through {@link Grayscale} like DICOM: 8-bit gray as is, deeper
     * gray from its own min..max, colour (palette, RGB, 16-bit RGB) as BT.601 luma; alpha is dropped.
     */
    static Gray8Image toGray8(BufferedImage src) {
        int w = src.getWidth();
        int h = src.getHeight();
        Raster raster = src.getRaster();
        boolean colour = src.getColorModel().getNumColorComponents() >= 3;
        if (!colour) {
            int[] values = raster.getSamples(0, 0, w, h, 0, (int[]) null);
            int bits = src.getColorModel().getComponentSize(0);
            Grayscale.Voi voi = bits > 8 ? new Grayscale.MinMax() : new Grayscale.Range(0, (1 << bits) - 1);
            return Grayscale.monochrome(w, h, values, Grayscale.Rescale.IDENTITY, voi, false);
        }
        int[] rgb = new int[w * h * 3];
        int[] argb = new int[w];
        for (int y = 0; y < h; y++) {
            src.getRGB(0, y, w, 1, argb, 0, w);
            for (int x = 0, j = y * w * 3; x < w; x++, j += 3) {
                int p = argb[x];
                rgb[j] = (p >> 16) & 0xff;
                rgb[j + 1] = (p >> 8) & 0xff;
                rgb[j + 2] = p & 0xff;
            }
        }
        return Grayscale.luma(w, h, rgb, 255);
    }

    /** Centres the image on a black square; shrinks it when its long side exceeds {@code maxSide}. */
    public static Gray8Image letterbox(Gray8Image gray, int maxSide) {
        int w = gray.width();
        int h = gray.height();
        int side = Math.max(w, h);
        if (w == h && side <= maxSide) {
            return gray;
        }
        double scale = side > maxSide ? (double) maxSide / side : 1.0;
        int target = (int) Math.round(side * scale);
        int sw = Math.max(1, (int) Math.round(w * scale));
        int sh = Math.max(1, (int) Math.round(h * scale));
        Gray8Image scaled = scale < 1.0 ? shrink(gray, sw, sh) : gray;
        byte[] out = new byte[target * target];
        int ox = (target - sw) / 2;
        int oy = (target - sh) / 2;
        for (int y = 0; y < sh; y++) {
            System.arraycopy(scaled.pixels(), y * sw, out, (oy + y) * target + ox, sw);
        }
        return new Gray8Image(target, target, out);
    }

    /** Area-averaging shrink: each output pixel is the mean of the source pixels it covers. */
    private static Gray8Image shrink(Gray8Image src, int tw, int th) {
        int w = src.width();
        int h = src.height();
        byte[] s = src.pixels();
        byte[] d = new byte[tw * th];
        for (int ty = 0; ty < th; ty++) {
            int y0 = (int) ((long) ty * h / th);
            int y1 = Math.max(y0 + 1, (int) ((long) (ty + 1) * h / th));
            for (int tx = 0; tx < tw; tx++) {
                int x0 = (int) ((long) tx * w / tw);
                int x1 = Math.max(x0 + 1, (int) ((long) (tx + 1) * w / tw));
                long sum = 0;
                for (int y = y0; y < y1; y++) {
                    int base = y * w;
                    for (int x = x0; x < x1; x++) {
                        sum += s[base + x] & 0xff;
                    }
                }
                d[ty * tw + tx] = (byte) (sum / ((long) (y1 - y0) * (x1 - x0)));
            }
        }
        return new Gray8Image(tw, th, d);
    }

    private static byte[] encodePng(Gray8Image image) {
        BufferedImage out = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_BYTE_GRAY);
        System.arraycopy(image.pixels(), 0, ((DataBufferByte) out.getRaster().getDataBuffer()).getData(), 0,
                image.pixels().length);
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(image.width() * image.height() / 2);
            ImageIO.write(out, "png", bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("PNG encoding failed", e);
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
