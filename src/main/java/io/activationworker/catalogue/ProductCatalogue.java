package io.activationworker.catalogue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/** The product names the feed may use ({@code config/products.yaml}), each with its seat cap. */
public final class ProductCatalogue {

    private final Map<String, Product> byName;
    private final String source;

    public ProductCatalogue(List<Product> products) {
        this(products, "config/products.yaml");
    }

    /** {@code source}: the file the catalogue was read from, named in the feed's "unknown product" errors. */
    public ProductCatalogue(List<Product> products, String source) {
        this.source = source;
        Map<String, Product> map = new LinkedHashMap<>();
        for (Product p : products) {
            map.put(p.name(), p);
        }
        this.byName = Map.copyOf(map);
    }

    public Optional<Product> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The configured {@code products.file} this catalogue came from, as configured. */
    public String source() {
        return source;
    }

    /** Reads the catalogue; a malformed file stops start-up with one line naming the problem. */
    public static ProductCatalogue load(Path file) {
        Object root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Load(LoadSettings.builder().setAllowDuplicateKeys(false).build()).loadFromReader(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read (" + e.getMessage() + ")");
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException(file + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(root instanceof Map<?, ?> map) || !(map.get("products") instanceof List<?> list)) {
            throw new IllegalArgumentException(file + ": expected a list under 'products:'");
        }
        List<Product> products = new java.util.ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> p) || !(p.get("name") instanceof String name)
                    || !(p.get("maxSeats") instanceof Integer max) || max < 1) {
                throw new IllegalArgumentException(file + ": each product needs a 'name' and a positive 'maxSeats': " + item);
            }
            products.add(new Product(name, max));
        }
        return new ProductCatalogue(products, file.toString());
    }
}
