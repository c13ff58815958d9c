package io.strata.workflow;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The workflow model (definitions, steps, retry, expressions) stays free of Spring. */
@AnalyzeClasses(packages = "io.strata.workflow", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule engineModelHasNoSpring = noClasses().that()
		.resideInAPackage("io.strata.workflow.engine.model..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework..", "jakarta.servlet..", "io.strata.workflow.engine.steps..");

}
