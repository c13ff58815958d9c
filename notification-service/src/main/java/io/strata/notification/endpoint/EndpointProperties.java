package io.strata.notification.endpoint;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param rotationOverlap how long deliveries stay signed with the previous secret as well
 * after a rotation
 */
@ConfigurationProperties("strata.notification.endpoints")
public record EndpointProperties(@DefaultValue("24h") Duration rotationOverlap) {

}
