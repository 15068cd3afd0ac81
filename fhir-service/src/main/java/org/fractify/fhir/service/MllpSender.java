package org.fractify.fhir.service;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.llp.LLPException;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.fractify.fhir.config.FhirConfig;

/**
 * Sends an ORU^R01 over MLLP and reads the ACK (blocking; called on a worker thread). AA/CA is delivered;
 * AE/CE (an error the receiver may get past) and no ACK are retried; AR/CR (rejected) is not.
 */
@ApplicationScoped
public class MllpSender {

    private final HapiContext hapi;
    private final long timeoutMillis;

    public MllpSender(FhirConfig config) {
        this.timeoutMillis = config.push().timeout().toMillis();
        hapi = new DefaultHapiContext(ValidationContextFactory.noValidation());
        // HAPI's default id generator writes a file into the working directory; nothing here may.
        hapi.getParserConfiguration().setIdGenerator(new ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator());
    }

    public DeliveryOutcome send(String er7, String host, int port) {
        Connection connection = null;
        try {
            Message message = hapi.getPipeParser().parse(er7);
            connection = hapi.newClient(host, port, false);
            connection.getInitiator().setTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
            Message ack = connection.getInitiator().sendAndReceive(message);
            String code = new Terser(ack).get("/MSA-1");
            return switch (code == null ? "" : code) {
                case "AA", "CA" -> DeliveryOutcome.ok();
                case "AR", "CR" -> DeliveryOutcome.refused("ACK " + code + " (rejected)");
                default -> DeliveryOutcome.retry("ACK " + code);
            };
        } catch (HL7Exception | LLPException | IOException e) {
            return DeliveryOutcome.retry(e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            if (connection != null) {
                try {
                    connection.close();
                } catch (IOException e) {
                    // the exchange is over either way; a socket that will not close is not worth retrying for
                }
            }
        }
    }

    @PreDestroy
    void close() throws IOException {
        hapi.close();
    }
}
