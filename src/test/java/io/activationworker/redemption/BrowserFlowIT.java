package io.activationworker.redemption;

import static org.assertj.core.api.Assertions.assertThat;

import io.activationworker.testing.Feeds;
import io.activationworker.testing.HeadlessChromium;
import io.activationworker.testing.Mails;
import io.activationworker.testing.Portal;
import io.activationworker.testing.TestApp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The administrator's whole path in a real browser: Debian's Chromium, headless, at a phone's
 * size, through its own ChromeDriver (nothing is downloaded). From the activation email received
 * by GreenMail to a redeemed retail key, and the same key refused the second time. Each step is
 * saved as a screenshot under {@code target/screenshots/}.
 */
class BrowserFlowIT {

    private static final String ANNA = "anna@fabrikam.example";
    private static final DateTimeFormatter EN_DATE = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH);

    private TestApp app;
    private HeadlessChromium chromium;
    private WebDriver browser;
    private int step;

    @BeforeEach
    void start() {
        app = TestApp.start();
        chromium = new HeadlessChromium(390, 844);
        browser = chromium.driver;
    }

    @AfterEach
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    void administrator_activates_from_the_email_redeems_a_retail_key_and_cannot_redeem_it_twice() {
        // An English agreement: the activation page speaks the agreement's language, the portal the browser's.
        app.importFeed("northwind.yaml", Feeds.standard().replace("locale: nl", "locale: en"));
        String link = Mails.link(Portal.awaitMessage(app, ANNA, text -> text.contains("/activate/")),
                app.baseUrl + "/activate/");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String end = EN_DATE.format(today.plusMonths(12));
        String extended = EN_DATE.format(today.plusMonths(12).plusMonths(12));

        browser.get(link);
        assertThat(browser.getTitle()).startsWith("Activate your subscription");
        assertThat(text()).contains("V1234567", "Fabrikam NV", Feeds.PREMIUM, "Open License");
        screenshot("activation-page");

        browser.findElement(By.name("accept")).click();
        click(button("Sign in and accept"));
        waitForTitle("Your products");
        assertThat(browser.getCurrentUrl()).isEqualTo(app.baseUrl + "/products");
        assertThat(text()).contains("Activated", "Signed in as " + ANNA, Feeds.PREMIUM, end, "Active");
        screenshot("your-products-activated");

        click(browser.findElement(By.linkText("Extend end date")));
        waitForTitle("Extend end date");
        WebElement useNewKey = browser.findElement(By.xpath("//label[normalize-space()='Use a new and unused product key']/input"));
        assertThat(useNewKey.isSelected()).isTrue();
        screenshot("extend-choose");
        click(button("Next"));

        WebElement key = keyField();
        key.sendKeys(Feeds.RETAIL_1);
        screenshot("extend-key-entered");
        click(button("Next"));
        waitForTitle("Review your order details");
        assertThat(text()).contains("Nothing has changed yet", Feeds.PREMIUM, "…M3QFB", end + " → " + extended);
        assertThat(app.text("select state from product_key where last_five = 'M3QFB'")).isEqualTo("unused");
        assertNoKeyInUrl();
        screenshot("review-order");

        click(button("Redeem"));
        waitForTitle("Product key redeemed");
        assertThat(text()).contains("The subscription now runs until " + extended + ".");
        assertNoKeyInUrl();
        screenshot("redeemed");

        click(browser.findElement(By.cssSelector("main a.button")));
        waitForTitle("Your products");
        assertThat(text()).contains(extended).doesNotContain("Activated.");
        screenshot("your-products-extended");
        Portal.awaitMessage(app, ANNA, text -> text.contains("M3QFB"));

        // The same key a second time.
        click(browser.findElement(By.linkText("Extend end date")));
        waitForTitle("Extend end date");
        click(button("Next"));
        keyField().sendKeys(Feeds.RETAIL_1);
        click(button("Next"));
        WebElement error = new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("p.error")));
        assertThat(error.getText()).isEqualTo(
                "Product key …M3QFB has already been redeemed and cannot be used again. You need a new and unused key.");
        assertNoKeyInUrl();
        screenshot("same-key-again-refused");
        assertThat(app.count("select count(*) from key_redemption where action = 'extend'")).isEqualTo(1);
    }

    @Test
    void a_double_click_on_accept_lands_on_your_products_and_sign_in_and_sign_out_everywhere_work_in_a_real_browser() {
        app.importFeed("northwind.yaml", Feeds.standard().replace("locale: nl", "locale: en"));
        String link = Mails.link(Portal.awaitMessage(app, ANNA, text -> text.contains("/activate/")),
                app.baseUrl + "/activate/");

        // A double click: the second submission replaces the first navigation.
        browser.get(link);
        browser.findElement(By.name("accept")).click();
        new Actions(browser).doubleClick(button("Sign in and accept")).perform();
        waitForTitle("Your products");
        assertThat(text()).contains("Signed in as " + ANNA, Feeds.PREMIUM);
        assertThat(app.count("select count(*) from acceptance")).isEqualTo(1);
        // Two sessions when Chromium sent both posts (the second recognised by its pre-session), one when it
        // sent one (so far it sends one; ActivationFlowIT posts the second click over HTTP).
        System.out.println("double click: sessions started = " + app.count("select count(*) from web_session"));
        screenshot("double-click-your-products");

        click(button("Sign out everywhere"));
        waitForTitle("Activate and manage");
        assertThat(app.count("select count(*) from web_session")).isZero();
        browser.get(app.baseUrl + "/products");
        waitForTitle("Sign in");

        // The sign-in form's token is bound to this browser's pre-session cookie.
        java.util.Set<String> seen = Portal.receivedIds(app);
        browser.findElement(By.id("email")).sendKeys(ANNA);
        click(button("Email me a sign-in link"));
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> d.findElement(By.tagName("body")).getText().contains("a sign-in link is on its way"));
        String signinLink = Mails.link(Portal.awaitMessage(app, seen, ANNA, text -> text.contains("/signin/")),
                app.baseUrl + "/signin/");
        browser.get(signinLink);
        click(button("Sign in"));
        waitForTitle("Your products");
        assertThat(text()).contains("Signed in as " + ANNA);
        screenshot("signed-in-by-link");
    }

    /** The key page's first field, once the browser has navigated there (a click returns before the next page loads). */
    private WebElement keyField() {
        return new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("key1")));
    }

    private WebElement button(String label) {
        return browser.findElement(By.xpath("//button[normalize-space()='" + label + "']"));
    }

    private void click(WebElement element) {
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.elementToBeClickable(element)).click();
    }

    private void waitForTitle(String title) {
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.titleContains(title));
    }

    private String text() {
        return browser.findElement(By.tagName("body")).getText();
    }

    private void assertNoKeyInUrl() {
        assertThat(browser.getCurrentUrl().toUpperCase(Locale.ROOT))
                .doesNotContain(Feeds.RETAIL_1, Feeds.RETAIL_1.replace("-", ""));
    }

    private void screenshot(String name) {
        step++;
        chromium.screenshot("%02d-%s".formatted(step, name));
    }
}
