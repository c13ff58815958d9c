package io.strata.platform.logging;

import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring and Spring Security log through Commons Logging: a message of a disabled level
 * is never rendered, and an enabled one still reaches Logback with its logger and level.
 */
class CommonsLoggingTests {

	private static final String NAME = "io.strata.platform.logging.probe";

	private final Logger logback = (Logger) LoggerFactory.getLogger(NAME);

	private final ListAppender<ILoggingEvent> events = new ListAppender<>();

	@BeforeEach
	void attach() {
		this.events.start();
		this.logback.addAppender(this.events);
	}

	@AfterEach
	void detach() {
		this.logback.detachAppender(this.events);
		this.logback.setLevel(null);
	}

	@Test
	void aMessageOfADisabledLevelIsNeverRendered() {
		this.logback.setLevel(Level.INFO);
		CountingMessage message = new CountingMessage();

		Log log = LogFactory.getLog(NAME);
		log.debug(message);
		log.trace(message);

		assertThat(message.renderings).hasValue(0);
		assertThat(this.events.list).isEmpty();
	}

	@Test
	void aMessageOfAnEnabledLevelReachesLogback() {
		this.logback.setLevel(Level.DEBUG);
		CountingMessage message = new CountingMessage();

		LogFactory.getLog(NAME).debug(message);

		assertThat(message.renderings).hasPositiveValue();
		assertThat(this.events.list).singleElement().satisfies((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.DEBUG);
			assertThat(event.getLoggerName()).isEqualTo(NAME);
			assertThat(event.getFormattedMessage()).isEqualTo("rendered");
		});
	}

	private static final class CountingMessage {

		private final AtomicInteger renderings = new AtomicInteger();

		@Override
		public String toString() {
			this.renderings.incrementAndGet();
			return "rendered";
		}

	}

}
