package io.strata.testsupport;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The boundaries every service keeps, for its {@code ArchitectureTests} (analysing
 * {@code io.strata.<service>}) to include with
 * {@code @ArchTest static final ArchTests boundaries = ArchTests.in(ServiceBoundaries.class);}.
 */
public final class ServiceBoundaries {

	/** No two feature packages ({@code io.strata.<service>.<feature>}) in a cycle. */
	@ArchTest
	public static final ArchRule noPackageCycles = slices().matching("io.strata.*.(*)..").should().beFreeOfCycles();

	@ArchTest
	public static final ArchRule noSqlInControllers = noClasses().that()
		.areAnnotatedWith(RestController.class)
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework.jdbc..", "java.sql..")
		.because("controllers translate HTTP; queries live in the feature's store or query classes");

	private ServiceBoundaries() {
	}

}
