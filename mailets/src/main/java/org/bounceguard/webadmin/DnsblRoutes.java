package org.bounceguard.webadmin;

import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.apache.james.webadmin.utils.JsonTransformer;
import org.bounceguard.dnsbl.DnsblEngine;
import org.bounceguard.dnsbl.DnsblRequest;
import org.bounceguard.dnsbl.ZoneLookup;
import org.bounceguard.dnsbl.ZoneStatus;
import org.bounceguard.services.DnsblService;

import com.google.common.net.InetAddresses;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * {@code GET /bounceguard/dnsbl/{ip}[?fresh=true]}: what every client-IP zone in use says about an
 * address; {@code GET /bounceguard/zones}: every zone's health, counters and latencies;
 * {@code POST /bounceguard/zones/{zone}?action=disable&reason=...|enable|probe}. Zones are named
 * and shown by their display names only.
 */
public class DnsblRoutes {
    private static final Duration PROBE_PATIENCE = Duration.ofSeconds(30);

    private final DnsblService service;
    private final JsonTransformer json;

    @Inject
    public DnsblRoutes(DnsblService service, JsonTransformer json) {
        this.service = service;
        this.json = json;
    }

    void define(Service spark) {
        spark.get(BounceguardRoutes.BASE_PATH + "/dnsbl/:ip", this::check, json);
        spark.get(BounceguardRoutes.BASE_PATH + "/zones", this::zones, json);
        spark.post(BounceguardRoutes.BASE_PATH + "/zones/:zone", this::act, json);
    }

    private Object check(Request request, Response response) throws Exception {
        String text = request.params("ip");
        if (text == null || !InetAddresses.isInetAddress(text)) {
            throw Errors.badRequest("'" + text + "' is not an IP address");
        }
        InetAddress address = InetAddresses.forString(text);
        boolean fresh = Boolean.parseBoolean(Optional.ofNullable(request.queryParams("fresh")).orElse("false"));
        List<ZoneLookup> lookups = service.engine()
            .checkBlocking(DnsblRequest.operatorLookup(address, service.zonesInUse(), fresh).within(PROBE_PATIENCE))
            .zoneLookups();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("address", address.getHostAddress());
        body.put("fresh", fresh);
        body.put("score", lookups.stream().filter(lookup -> !lookup.safeMode()).mapToInt(ZoneLookup::weight).sum());
        body.put("zones", lookups.stream().map(DnsblRoutes::asJson).toList());
        response.type("application/json");
        return body;
    }

    private Object zones(Request request, Response response) {
        response.type("application/json");
        return service.engine().zoneStatuses().stream().map(DnsblRoutes::asJson).toList();
    }

    private Object act(Request request, Response response) throws Exception {
        DnsblEngine engine = service.engine();
        String zone = request.params("zone").toLowerCase(Locale.ROOT);
        if (engine.zoneStatus(zone).isEmpty()) {
            // the name asked for is not repeated: it may be a key-carrying DNS zone typed by mistake
            throw Errors.badRequest("no zone of that name is in use; zones in use (by display name): "
                + engine.zoneStatuses().stream().map(ZoneStatus::zone).toList());
        }
        String action = Optional.ofNullable(request.queryParams("action")).orElse("");
        ZoneStatus status = switch (action) {
            case "disable" -> {
                String reason = Optional.ofNullable(request.queryParams("reason")).map(String::trim).filter(text -> !text.isEmpty())
                    .orElse("disabled by an operator over WebAdmin");
                service.zoneStateChanges().disable(zone, reason);
                yield engine.zoneStatus(zone).orElseThrow();
            }
            case "enable" -> {
                service.zoneStateChanges().enable(zone);
                yield engine.zoneStatus(zone).orElseThrow();
            }
            case "probe" -> engine.probe(zone).get(PROBE_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            default -> throw Errors.badRequest("action must be disable (with reason=...), enable or probe; got '" + action + "'");
        };
        response.type("application/json");
        return asJson(status);
    }

    static Map<String, Object> asJson(ZoneStatus status) {
        Map<String, Object> zone = new LinkedHashMap<>();
        zone.put("zone", status.zone());
        zone.put("kind", status.kind().name());
        zone.put("enabled", status.enabled());
        status.disabledReason().ifPresent(reason -> zone.put("disabledReason", reason));
        zone.put("queries", status.queries());
        zone.put("listed", status.listed());
        zone.put("errors", status.errors());
        zone.put("timeouts", status.timeouts());
        zone.put("refusals", status.refusals());
        status.lastProbe().ifPresent(when -> zone.put("lastProbe", when.toString()));
        status.lastProbeResult().ifPresent(result -> zone.put("lastProbeResult", result));
        zone.put("latencyP50Millis", millis(status.latencyP50()));
        zone.put("latencyP95Millis", millis(status.latencyP95()));
        zone.put("latencyP99Millis", millis(status.latencyP99()));
        return zone;
    }

    private static Map<String, Object> asJson(ZoneLookup lookup) {
        Map<String, Object> zone = new LinkedHashMap<>();
        zone.put("zone", lookup.zone());
        zone.put("listed", lookup.listed());
        zone.put("codes", lookup.codes());
        lookup.reason().ifPresent(reason -> zone.put("txt", reason));
        zone.put("weight", lookup.weight());
        zone.put("safeMode", lookup.safeMode());
        zone.put("cached", lookup.cached());
        lookup.error().ifPresent(kind -> zone.put("error", kind.name()));
        lookup.errorDetail().ifPresent(detail -> zone.put("errorDetail", detail));
        return zone;
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1_000_000.0;
    }
}
