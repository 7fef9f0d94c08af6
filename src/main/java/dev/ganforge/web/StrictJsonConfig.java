package dev.ganforge.web;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Reads request bodies strictly, so that a typo or a wrong type is an error naming the
 * field rather than a silent default: an unknown field, a duplicate key, a fraction where
 * an integer belongs ({@code "count": 1.9999}), a string for a number or a number for a
 * boolean ({@code "showTerms": 1e39}), an empty string for a value ({@code "seed": ""}),
 * a {@code null} inside a number array. Written JSON is as the application's mapper
 * writes it, and files the service reads itself (manifests, job records) keep the
 * application's lenient mapper, so that older files with fields since dropped still load.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfig implements WebMvcConfigurer {

	private final ObjectProvider<JsonMapper> mapper;

	StrictJsonConfig(ObjectProvider<JsonMapper> mapper) {
		this.mapper = mapper;
	}

	/**
	 * Replaces the JSON converter Boot configured (this configurer runs after Boot's)
	 * with one reading through {@link #strict(JsonMapper)}; the other converters stay in
	 * place.
	 */
	@Override
	public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
		JsonMapper mapper = this.mapper.getIfAvailable(JsonMapper::new);
		builder.withJsonConverter(new JacksonJsonHttpMessageConverter(strict(mapper)));
	}

	static JsonMapper strict(JsonMapper mapper) {
		return mapper.rebuild()
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
					DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT,
					DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT,
					DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
			.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.withCoercionConfigDefaults((config) -> config.setAcceptBlankAsEmpty(false)
				.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Boolean,
					(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
			.build();
	}

}
