package io.strata.testsupport;

import java.nio.file.Path;
import java.util.Locale;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;

class ServerTests {

	@ParameterizedTest
	@EnumSource(Server.class)
	void defaultPortIsTheRootPomsProperty(Server server) throws Exception {
		String property = "strata.port." + server.name().toLowerCase(Locale.ROOT);
		assertThat(server.defaultPort()).as(property).isEqualTo(Integer.parseInt(rootPomProperty(property)));
	}

	// surefire runs in the module's directory; the root pom.xml is its parent's
	private static String rootPomProperty(String name) throws Exception {
		Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("../pom.xml").toFile());
		NodeList found = pom.getElementsByTagName(name);
		assertThat(found.getLength()).as("<%s> in the root pom.xml", name).isEqualTo(1);
		return found.item(0).getTextContent().trim();
	}

}
