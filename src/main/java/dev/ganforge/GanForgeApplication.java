package dev.ganforge;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * GANForge: trains GAN image generators and serves them over HTTP.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GanForgeApplication {

	public static void main(String[] args) {
		SpringApplication.run(GanForgeApplication.class, args);
	}

}
