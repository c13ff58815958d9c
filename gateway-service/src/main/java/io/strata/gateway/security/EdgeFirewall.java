package io.strata.gateway.security;

import java.util.function.Predicate;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

/**
 * Spring Security's strict firewall with its default rules, checked by code instead of
 * regular expressions. The firewall checks a header's name and value on every read of it,
 * and its default predicates run a Unicode-class regex each time: about 6 % of the
 * gateway's CPU samples under {@code ./strata bench edge}. {@link #HEADER_NAMES} and
 * {@link #HEADER_VALUES} accept exactly what Spring's {@code ALLOWED_HEADER_NAMES} and
 * {@code ALLOWED_HEADER_VALUES} accept (assigned code points, no ISO control character; a
 * value may hold a tab), which {@code EdgeFirewallTests} checks over every code point.
 * Spring Security's WebFlux configuration takes this bean for its filter chain.
 */
@Configuration(proxyBeanMethods = false)
class EdgeFirewall {

	static final Predicate<String> HEADER_NAMES = (name) -> allowed(name, false);

	static final Predicate<String> HEADER_VALUES = (value) -> allowed(value, true);

	@Bean
	ServerWebExchangeFirewall edgeExchangeFirewall() {
		StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
		firewall.setAllowedHeaderNames(HEADER_NAMES);
		firewall.setAllowedHeaderValues(HEADER_VALUES);
		return firewall;
	}

	private static boolean allowed(String text, boolean tab) {
		if (text == null) {
			return true; // an absent header (Spring's predicates accept it too)
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c >= 0x20 && c < 0x7f) {
				continue; // printable ASCII: nearly every header, decided without a
							// lookup
			}
			if (c == '\t' && tab) {
				continue;
			}
			int codePoint = text.codePointAt(i);
			if (!Character.isDefined(codePoint) || Character.isISOControl(codePoint)) {
				return false;
			}
			i += Character.charCount(codePoint) - 1;
		}
		return true;
	}

}
