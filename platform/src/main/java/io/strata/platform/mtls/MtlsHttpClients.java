package io.strata.platform.mtls;

import javax.net.ssl.SSLSocketFactory;

import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.ResourceRetriever;

import org.springframework.boot.ssl.SslBundles;

/**
 * The client side of mTLS for HTTP. {@link MtlsEnvironmentPostProcessor} registers this
 * service's certificate and trust bundle as the SSL bundle {@link #BUNDLE} only while
 * mTLS is on, so its presence is the switch: the gateway's proxy client names it
 * ({@code spring.cloud.gateway.server.webflux.httpclient.ssl.ssl-bundle}), and every
 * resource server fetches identity's JWKS through {@link #resourceRetriever}.
 */
public final class MtlsHttpClients {

	public static final String BUNDLE = "strata-mtls";

	private MtlsHttpClients() {
	}

	/**
	 * Nimbus' default retriever (its timeouts and size limit) that, with mTLS on,
	 * presents this service's certificate to an {@code https} URL and trusts only the
	 * bundle.
	 */
	public static ResourceRetriever resourceRetriever(SslBundles bundles) {
		SSLSocketFactory tls = bundles.getBundleNames().contains(BUNDLE)
				? bundles.getBundle(BUNDLE).createSslContext().getSocketFactory() : null;
		return new DefaultResourceRetriever(JWKSourceBuilder.DEFAULT_HTTP_CONNECT_TIMEOUT,
				JWKSourceBuilder.DEFAULT_HTTP_READ_TIMEOUT, JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT, true, tls);
	}

}
