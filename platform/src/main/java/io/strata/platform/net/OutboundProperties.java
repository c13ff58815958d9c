package io.strata.platform.net;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where outbound HTTP (webhooks, workflow HTTP steps) may go.
 *
 * @param allow CIDR blocks (or single addresses) allowed even though they are private,
 * loopback or link-local, e.g. {@code 127.0.0.0/8} in development
 * @param httpsOnly refuse plain {@code http://} targets (production)
 */
@ConfigurationProperties("strata.outbound")
public record OutboundProperties(@DefaultValue List<String> allow, @DefaultValue("false") boolean httpsOnly) {

}
