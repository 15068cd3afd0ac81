package org.fractify.gateway.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import org.fractify.gateway.config.GatewayConfig;

/** Turns the store's relative links into absolute URLs that a client can follow. */
@ApplicationScoped
public class PublicUrls {

    private final GatewayConfig config;

    public PublicUrls(GatewayConfig config) {
        this.config = config;
    }

    public URI base(UriInfo uriInfo) {
        String base = config.publicUrl().filter(s -> !s.isBlank()).orElse(uriInfo.getBaseUri().toString());
        return URI.create(base.endsWith("/") ? base : base + "/");
    }

    public URI report(UriInfo uriInfo, String reportId) {
        return report(base(uriInfo), reportId);
    }

    public static URI report(URI base, String reportId) {
        return base.resolve("api/v1/report/" + reportId);
    }

    /** Makes {@code heatmap_url} absolute in place. */
    public ObjectNode absolutise(ObjectNode report, UriInfo uriInfo) {
        return absolutise(report, base(uriInfo));
    }

    /** Makes {@code heatmap_url} absolute in place, against a base read while the request was at hand. */
    public static ObjectNode absolutise(ObjectNode report, URI base) {
        var heatmap = report.get("heatmap_url");
        if (heatmap != null && heatmap.isTextual() && heatmap.asText().startsWith("/")) {
            report.put("heatmap_url", base.resolve(heatmap.asText().substring(1)).toString());
        }
        return report;
    }
}
