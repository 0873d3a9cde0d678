package io.rmpcoap.springboot;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** An empty Spring Boot application: everything rmpcoap does in it comes from the starter and the properties. */
@SpringBootApplication
class TestApplication {
}
