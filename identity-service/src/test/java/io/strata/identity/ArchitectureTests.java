package io.strata.identity;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The service's boundaries: no two feature packages depend on each other in a cycle. */
@AnalyzeClasses(packages = "io.strata.identity", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule noPackageCycles = slices().matching("io.strata.identity.(*)..").should().beFreeOfCycles();

	@ArchTest
	static final ArchRule noSqlInControllers = noClasses().that()
		.areAnnotatedWith(RestController.class)
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework.jdbc..", "java.sql..")
		.because("controllers translate HTTP; queries live in the feature's store or query classes");

}
