package io.strata.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Puts a {@code @SpringBootTest} on the real servers it names. Each test context gets its
 * own PostgreSQL database, Kafka topic prefix and Elasticsearch index prefix, so test
 * classes share the servers but not their data.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface StrataServers {

	Server[] value();

}
