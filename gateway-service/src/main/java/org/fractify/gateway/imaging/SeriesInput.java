package org.fractify.gateway.imaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fractify.contracts.Modality;
import org.fractify.contracts.SeriesSelection;
import org.fractify.problem.ProblemException;
import org.fractify.problem.ProblemType;

/**
 * The files of a series-mode request, each parsed (pixels untouched) and checked against the requested
 * modality, and what {@link SeriesPlanner} makes of their headers: which slices are rendered and which one
 * represents the series.
 */
final class SeriesInput {

    /** A slice to render: its index in the ordered series and its file. */
    record Slice(int index, DicomInput file) {
    }

    private final List<DicomInput> files;
    private final SeriesPlanner.Plan plan;

    private SeriesInput(List<DicomInput> files, SeriesPlanner.Plan plan) {
        this.files = files;
        this.plan = plan;
    }

    /** Parses and checks every file, then plans the series; the first file at fault names the problem. */
    static SeriesInput parse(List<ImageNormaliser.Upload> uploads, Modality modality, Optional<String> seriesUid,
            int maxCandidates, DicomInput.Limits limits) {
        List<DicomInput> files = new ArrayList<>(uploads.size());
        List<SeriesPlanner.Slice> headers = new ArrayList<>(uploads.size());
        for (ImageNormaliser.Upload upload : uploads) {
            if (ImageFormat.of(upload.bytes()).orElse(null) != ImageFormat.DICOM) {
                throw new ProblemException(ProblemType.UNSUPPORTED_IMAGE_FORMAT, upload.label()
                        + " is not DICOM; series mode ('images_base64' with 3 or more files) takes DICOM files only");
            }
            DicomInput input = DicomInput.parse(upload.bytes(), upload.label(), limits);
            input.checkModality(modality);
            headers.add(new SeriesPlanner.Slice(files.size(), upload.label(), input.seriesInstanceUid,
                    input.sopInstanceUid, input.instanceNumber, input.position, input.orientation,
                    input.metadata(0, null).viewPosition()));
            files.add(input);
        }
        return new SeriesInput(files, SeriesPlanner.plan(headers, modality, seriesUid, maxCandidates));
    }

    /** The slices to render, in the plan's order; the representative is one of them. */
    List<Slice> toRender() {
        return plan.candidates().stream().map(i -> new Slice(i, files.get(plan.ordered().get(i).file()))).toList();
    }

    /** The index of the representative slice in the ordered series. */
    int representative() {
        return plan.representative();
    }

    /** What was done with the series, as the job tells it. */
    SeriesSelection selection() {
        SeriesPlanner.Slice chosen = plan.ordered().get(plan.representative());
        return new SeriesSelection(plan.seriesInstanceUid(), plan.ordered().size(), chosen.sopInstanceUid(),
                plan.representative(), plan.rule());
    }
}
