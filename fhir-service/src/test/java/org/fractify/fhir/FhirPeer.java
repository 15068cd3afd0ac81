package org.fractify.fhir;

import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.fractify.renderings.FhirRenderer;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * A tenant's FHIR server for push tests: HAPI's own RestfulServer in an embedded Jetty, with a transaction
 * provider that keeps what it receives in memory (it is the peer, not our service). It can be told to fail
 * the next requests with a 500 to exercise retries.
 */
final class FhirPeer implements AutoCloseable {

    final Map<String, Resource> stored = new ConcurrentHashMap<>();
    final AtomicInteger failNext = new AtomicInteger();
    final AtomicInteger transactions = new AtomicInteger();
    private final Server server;

    FhirPeer() throws Exception {
        RestfulServer fhir = new RestfulServer(FhirRenderer.context());
        fhir.registerProvider(new TransactionProvider());
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(fhir), "/fhir/*");
        server = new Server(0);
        server.setHandler(context);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/fhir";
    }

    /** HAPI's plain provider for the system-level transaction interaction. */
    public class TransactionProvider {
        @Transaction
        public Bundle transaction(@TransactionParam Bundle bundle) {
            transactions.incrementAndGet();
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new InternalErrorException("peer is down (test)");
            }
            Bundle response = new Bundle();
            response.setType(Bundle.BundleType.TRANSACTIONRESPONSE);
            for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
                String url = e.getRequest().getUrl();
                stored.put(url, e.getResource());
                response.addEntry().getResponse().setStatus("201 Created").setLocation(url + "/_history/1");
            }
            return response;
        }
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
