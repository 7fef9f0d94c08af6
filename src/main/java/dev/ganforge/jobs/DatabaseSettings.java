package dev.ganforge.jobs;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The PostgreSQL of cluster mode, bound from Spring's own {@code spring.datasource.*}
 * names; unused with {@code ganforge.store=files}.
 *
 * @param url e.g. {@code jdbc:postgresql://db:5432/ganforge}
 * @param username the role
 * @param password its password
 */
@ConfigurationProperties("spring.datasource")
public record DatabaseSettings(String url, String username, String password) {

}
