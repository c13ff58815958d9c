package io.strata.platform;

import io.strata.testsupport.Server;
import io.strata.testsupport.StrataServers;
import io.strata.testsupport.TestTokens;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The test application over real HTTP, trusting one token issuer: subclasses that add
 * nothing of their own share one application context and one issuer, which lives as long
 * as the test JVM.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@StrataServers({ Server.POSTGRES, Server.KAFKA })
public abstract class PlatformIntegrationTest {

	protected static final TestTokens tokens = TestTokens.start();

	@DynamicPropertySource
	static void jwks(DynamicPropertyRegistry registry) {
		tokens.trustedBy(registry);
	}

	@Autowired
	protected RestTestClient client;

}
