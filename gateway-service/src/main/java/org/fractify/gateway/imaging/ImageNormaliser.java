package org.fractify.gateway.imaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.fractify.contracts.DicomMetadata;
import org.fractify.contracts.Modality;
import org.fractify.contracts.NormalisedImage;
import org.fractify.contracts.SeriesSelection;
import org.fractify.contracts.SliceCandidate;
import org.fractify.gateway.config.GatewayConfig;

/**
 * The image pipeline, and the one way into it: turns what a client sends into the one image shape every
 * model accepts, 8-bit grayscale, square, at most {@code normalisedMaxSide} pixels (docs/preprocessing.md).
 * Every input takes the same steps: decode ({@link ImageFormat}, {@link PngJpegDecoder}, {@link DicomInput};
 * a JPEG turned upright by {@link ExifOrientation}), grayscale and window ({@link Grayscale}, with the window
 * {@link DicomWindows} prescribes), letterbox ({@link Letterbox}) and encode ({@link PngEncoder}); series mode
 * renders the slices {@link SeriesInput} plans. Model-specific resizing and normalisation happen inside each
 * TorchScript graph, so training and serving see the same pixels.
 */
@ApplicationScoped
public class ImageNormaliser {

    private final int maxSide;
    private final PngJpegDecoder pngJpeg;
    private final DicomInput.Limits dicomLimits;

    public ImageNormaliser(GatewayConfig config) {
        GatewayConfig.Images limits = config.images();
        this.maxSide = limits.normalisedMaxSide();
        this.pngJpeg = new PngJpegDecoder(limits.maxPixels(), limits.minSide());
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
        ImageFormat format = ImageFormat.sniff(bytes);
        if (format == ImageFormat.DICOM) {
            DicomInput input = DicomInput.parse(bytes, null, dicomLimits);
            int frame = input.representativeFrame();
            // decoded before the modality check: a broken file is reported as broken, whatever it claims to be
            DicomInput.Rendered rendered = input.render(frame, modality);
            input.checkModality(modality);
            long t1 = System.nanoTime();
            NormalisedImage image = letterboxAndEncode(rendered.image(), format,
                    input.metadata(frame, rendered.window()));
            return new Normalised(image, ms(t1 - t0), ms(System.nanoTime() - t1));
        }
        BufferedImage decoded = pngJpeg.decode(bytes, format);
        long t1 = System.nanoTime();
        // PNG and JPEG hold display values: gray as it is (or from its own range), colour as luma; no window
        Gray8Image gray = Grayscale.of(decoded);
        if (format == ImageFormat.JPEG) {
            gray = ExifOrientation.apply(gray, ExifOrientation.of(bytes));
        }
        NormalisedImage image = letterboxAndEncode(gray, format, null);
        return new Normalised(image, ms(t1 - t0), ms(System.nanoTime() - t1));
    }

    /**
     * Series mode: parses every file (pixels untouched), checks each against the requested modality, plans
     * the series and renders only the planned slices.
     */
    public NormalisedSeries normaliseSeries(List<Upload> uploads, Modality modality, Optional<String> seriesUid,
            int maxCandidates) {
        long t0 = System.nanoTime();
        SeriesInput series = SeriesInput.parse(uploads, modality, seriesUid, maxCandidates, dicomLimits);
        long decodeNs = 0;
        long preprocessNs = 0;
        NormalisedImage representative = null;
        List<SliceCandidate> candidates = new ArrayList<>();
        for (SeriesInput.Slice slice : series.toRender()) {
            long a = System.nanoTime();
            DicomInput input = slice.file();
            int frame = input.representativeFrame();
            DicomInput.Rendered rendered = input.render(frame, modality);
            long b = System.nanoTime();
            NormalisedImage image = letterboxAndEncode(rendered.image(), ImageFormat.DICOM,
                    input.metadata(frame, rendered.window()));
            preprocessNs += System.nanoTime() - b;
            decodeNs += b - a;
            if (slice.index() == series.representative()) {
                representative = image;
            } else {
                candidates.add(new SliceCandidate(slice.index(), input.sopInstanceUid, image));
            }
        }
        long parseNs = System.nanoTime() - t0 - decodeNs - preprocessNs;
        return new NormalisedSeries(representative, candidates, series.selection(), ms(parseNs + decodeNs),
                ms(preprocessNs));
    }

    /** The gray image as it travels: letterboxed, PNG-encoded, with the facts of what was sent. */
    private NormalisedImage letterboxAndEncode(Gray8Image gray, ImageFormat format, DicomMetadata dicom) {
        Gray8Image square = Letterbox.square(gray, maxSide);
        String png = Base64.getEncoder().encodeToString(PngEncoder.encode(square));
        return new NormalisedImage(square.width(), square.height(), png, format.wireName, gray.width(),
                gray.height(), dicom);
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
