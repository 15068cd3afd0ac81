package org.fractify.renderings;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HAPI's instance validator, offline: the R4 core profiles and value sets shipped in
 * hapi-fhir-validation-resources-r4, no terminology server. Shared with the services' tests (test-jar).
 */
public final class FhirValidation {

    private static FhirValidator validator;

    private FhirValidation() {
    }

    public static synchronized FhirValidator validator() {
        if (validator == null) {
            FhirContext ctx = FhirRenderer.context();
            ValidationSupportChain chain = new ValidationSupportChain(
                    new DefaultProfileValidationSupport(ctx),
                    new CommonCodeSystemsTerminologyService(ctx),
                    new InMemoryTerminologyServerValidationSupport(ctx),
                    new SnapshotGeneratingValidationSupport(ctx));
            validator = ctx.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
        }
        return validator;
    }

    /** The full result (errors, warnings and information). */
    public static ValidationResult validate(IBaseResource resource) {
        return validator().validateWithResult(resource);
    }

    /** The full result of validating FHIR JSON as received on the wire. */
    public static ValidationResult validate(String json) {
        return validator().validateWithResult(json);
    }

    /** Errors and fatal messages only; an empty list is a valid resource. */
    public static List<String> errors(ValidationResult result) {
        return result.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(FhirValidation::describe).toList();
    }

    public static List<String> errors(IBaseResource resource) {
        return errors(validate(resource));
    }

    public static List<String> errors(String json) {
        return errors(validate(json));
    }

    /** One line per message, for a readable assertion failure or a sample printout. */
    public static String describe(SingleValidationMessage m) {
        return m.getSeverity() + " " + m.getLocationString() + ": " + m.getMessage();
    }
}
