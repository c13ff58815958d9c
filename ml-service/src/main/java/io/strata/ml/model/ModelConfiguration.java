package io.strata.ml.model;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Per-tenant models' settings. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ ModelProperties.class, TrainingProperties.class })
class ModelConfiguration {

}
