/**
 * A focused, framework-free DICOM Part 10 reader.
 *
 * <pre>{@code
 * DicomObject dicom = DicomReader.read(path, ReadOptions.defaults());
 * String patient = dicom.getString(Tag.PatientID);
 * PixelData pixels = dicom.pixelData();            // validated ImageDescriptor, nothing decoded yet
 * Frame frame = pixels.decodeFrame(0);             // STORED values: masked to Bits Stored, sign-extended
 * }</pre>
 *
 * <p>Every failure is a {@link org.fractify.dicom.DicomException} with a {@link
 * org.fractify.dicom.DicomException.Reason}, the tag and the byte offset; reasons whose {@code unsupported()} is
 * true mean "valid but not decodable here" (HTTP 415), all others "malformed" (HTTP 422).
 */
package org.fractify.dicom;
