package io.strata.workflow;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;

import io.strata.testsupport.ServiceBoundaries;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The service's boundaries: the workflow model and the engine's decider stay free of
 * Spring and I/O, the engine imports no feature (features listen to it), and no two
 * feature packages depend on each other in a cycle ({@link ServiceBoundaries}).
 */
@AnalyzeClasses(packages = "io.strata.workflow", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	private static final String[] FEATURES = { "io.strata.workflow.resource..", "io.strata.workflow.resourcetype..",
			"io.strata.workflow.operation..", "io.strata.workflow.grpc..", "io.strata.workflow.tenant..",
			"io.strata.workflow.schema.." };

	@ArchTest
	static final ArchRule engineModelHasNoSpring = noClasses().that()
		.resideInAPackage("io.strata.workflow.engine.model..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework..", "jakarta.servlet..", "io.strata.workflow.engine.steps..");

	@ArchTest
	static final ArchRule deciderIsPure = noClasses().that()
		.resideInAPackage("io.strata.workflow.engine.decider..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("org.springframework..", "jakarta..", "java.sql..", "javax.sql..", "java.net..",
				"java.io..", "tools.jackson..")
		.orShould()
		.dependOnClassesThat()
		.resideInAnyPackage(FEATURES)
		.because("the decider is a pure function of a run's state and what happened");

	@ArchTest
	static final ArchRule deciderKnowsOnlyTheModel = classes().that()
		.resideInAPackage("io.strata.workflow.engine.decider..")
		.should()
		.onlyDependOnClassesThat()
		.resideInAnyPackage("io.strata.workflow.engine.decider..", "io.strata.workflow.engine.model..", "java.lang..",
				"java.time..", "java.util..");

	@ArchTest
	static final ArchRule engineImportsNoFeature = noClasses().that()
		.resideInAPackage("io.strata.workflow.engine..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage(FEATURES)
		.because("features listen to the engine (RunFinished) and serve it (RunResources, StepType)");

	@ArchTest
	static final ArchTests boundaries = ArchTests.in(ServiceBoundaries.class);

}
