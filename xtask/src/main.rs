//! `cargo xtask`: builds the Haven site and runs it, without cargo-leptos.
//!
//! The site is described once, in `[workspace.metadata.leptos]` of the
//! workspace's `Cargo.toml`, which `cargo leptos watch` reads too (it stays
//! the way to get live reload, for those who install it). This builder reads
//! the same table and does what `cargo leptos build` does for Haven:
//!
//! 1. the server binary (`bin-package`, `bin-target`);
//! 2. the hydrate library for `wasm32-unknown-unknown` (`lib-package`,
//!    `lib-features`, `lib-cargo-args`, `lib-profile-release`);
//! 3. wasm-bindgen's JS glue, through the `wasm-bindgen-cli-support`
//!    library pinned to the `wasm-bindgen` version in `Cargo.lock`, so it is
//!    compiled once into the same build cache instead of installing the CLI;
//! 4. in release, `wasm-opt -Oz` (npm's binaryen, installed by
//!    `.ci/toolchain.sh`);
//! 5. the stylesheet (`style-file`) copied to `pkg/{name}.css`.
//!
//! Unlike cargo-leptos it does not minify the JS and CSS, nor set
//! `--cfg erase_components` in debug builds: without extra RUSTFLAGS the
//! debug server binary is the very one `cargo test --workspace` builds, so
//! the tests and the end-to-end site share one build cache.
//!
//! Steps 3–4 are skipped when the WebAssembly input has not changed since
//! the last build (a stamp in `pkg/`), so an unchanged second run starts in
//! seconds.

use std::collections::hash_map::DefaultHasher;
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use serde::Deserialize;

#[derive(Debug, Parser)]
#[command(name = "cargo xtask", about = "Build and run the Haven site")]
struct Cli {
    #[command(subcommand)]
    command: Task,
}

#[derive(Debug, Subcommand)]
enum Task {
    /// Build the server and the site (pkg/ with JS, WebAssembly and CSS).
    Build(BuildArgs),
    /// Build, then run `haven serve` with the built site; arguments after
    /// `--` go to `haven serve` (e.g. `-- --demo`).
    Serve {
        #[command(flatten)]
        build: BuildArgs,
        #[arg(last = true)]
        args: Vec<String>,
    },
}

#[derive(Debug, clap::Args)]
struct BuildArgs {
    /// Optimised build (release server, `lib-profile-release` WebAssembly,
    /// wasm-opt).
    #[arg(long)]
    release: bool,
    /// Only the browser half (pkg/): the server binary is built elsewhere,
    /// e.g. by `cargo test --workspace`.
    #[arg(long)]
    front_only: bool,
}

/// The part of `[[workspace.metadata.leptos]]` this builder uses (the same
/// keys cargo-leptos reads; others are ignored).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Site {
    name: String,
    bin_package: String,
    bin_target: String,
    lib_package: String,
    #[serde(default = "default_site_root")]
    site_root: String,
    #[serde(default = "default_pkg_dir")]
    site_pkg_dir: String,
    style_file: Option<String>,
    #[serde(default)]
    bin_features: Vec<String>,
    #[serde(default)]
    bin_default_features: bool,
    #[serde(default)]
    lib_features: Vec<String>,
    #[serde(default)]
    lib_default_features: bool,
    #[serde(default)]
    lib_cargo_args: Vec<String>,
    lib_profile_release: Option<String>,
}

fn default_site_root() -> String {
    "target/site".into()
}

fn default_pkg_dir() -> String {
    "pkg".into()
}

#[derive(Debug, Deserialize)]
struct Manifest {
    workspace: Workspace,
}

#[derive(Debug, Deserialize)]
struct Workspace {
    metadata: Metadata,
}

#[derive(Debug, Deserialize)]
struct Metadata {
    leptos: Vec<Site>,
}

/// Where things are: the workspace, cargo's target directory and the site.
struct Layout {
    root: PathBuf,
    target_dir: PathBuf,
    site_root: PathBuf,
    pkg_dir: PathBuf,
}

impl Layout {
    fn new(root: PathBuf, site: &Site) -> Layout {
        let target_dir = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .map(|dir| {
                if dir.is_absolute() {
                    dir
                } else {
                    root.join(dir)
                }
            })
            .unwrap_or_else(|| root.join("target"));
        let site_root = site_root(&root, &target_dir, &site.site_root);
        let pkg_dir = site_root.join(&site.site_pkg_dir);
        Layout {
            root,
            target_dir,
            site_root,
            pkg_dir,
        }
    }
}

/// `target/…` in the metadata means cargo's target directory (as for
/// cargo-leptos), so the built site lives beside the build cache, not in
/// the clone.
fn site_root(root: &Path, target_dir: &Path, configured: &str) -> PathBuf {
    match configured.strip_prefix("target/") {
        Some(rest) => target_dir.join(rest),
        None if configured == "target" => target_dir.to_path_buf(),
        None => root.join(configured),
    }
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    // `cargo run` (which the `cargo xtask` alias is) sets the variable at
    // run time too. That one names this checkout; the compile-time value
    // names wherever the binary was built, which with a target directory
    // shared between checkouts (CI's cache) can be another clone whose
    // sources cargo then builds instead.
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    let root = manifest_dir
        .parent()
        .context("xtask lives in the workspace")?
        .to_path_buf();
    let site = read_site(&root.join("Cargo.toml"))?;
    let layout = Layout::new(root, &site);
    match cli.command {
        Task::Build(args) => build(&site, &layout, &args).map(|_| ()),
        Task::Serve {
            build: args,
            args: rest,
        } => {
            let binary = build(&site, &layout, &args)?;
            serve(&site, &layout, &binary, &rest)
        }
    }
}

fn read_site(manifest: &Path) -> Result<Site> {
    let text =
        fs::read_to_string(manifest).with_context(|| format!("reading {}", manifest.display()))?;
    let manifest: Manifest =
        toml::from_str(&text).context("reading [[workspace.metadata.leptos]]")?;
    manifest
        .workspace
        .metadata
        .leptos
        .into_iter()
        .next()
        .context("Cargo.toml has no [[workspace.metadata.leptos]] table")
}

/// Builds what `args` asks for; returns the server binary's path.
///
/// The WebAssembly is built in its own target directory (`front/`, as
/// cargo-leptos does), at the same time as the server: cargo locks a
/// target directory per build, and the two builds share no artifacts anyway
/// (other target, other profile), while each has stretches where it keeps
/// only one core busy (big crates, the final link).
fn build(site: &Site, layout: &Layout, args: &BuildArgs) -> Result<PathBuf> {
    let profile_dir = if args.release { "release" } else { "debug" };
    let binary = layout.target_dir.join(profile_dir).join(&site.bin_target);
    let front_dir = layout.target_dir.join("front");
    step(&format!("WebAssembly ({profile_dir})"));
    let mut front = cargo(&layout.root, &front_args(site, args.release))
        .env("CARGO_TARGET_DIR", &front_dir)
        .spawn()
        .context("running cargo")?;
    let server = if args.front_only {
        Ok(())
    } else {
        step(&format!("server ({profile_dir})"));
        run(cargo(&layout.root, &server_args(site, args.release)))
    };
    let front = front.wait().context("waiting for cargo")?;
    server?;
    if !front.success() {
        bail!("building the WebAssembly failed");
    }
    let wasm_profile = match (&site.lib_profile_release, args.release) {
        (Some(profile), true) => profile.as_str(),
        (None, true) => "release",
        (_, false) => "debug",
    };
    let wasm = front_dir
        .join("wasm32-unknown-unknown")
        .join(wasm_profile)
        .join(format!("{}.wasm", site.lib_package.replace('-', "_")));
    fs::create_dir_all(&layout.pkg_dir)?;
    bindgen(site, layout, &wasm, args.release)?;
    if let Some(style) = &site.style_file {
        copy_if_changed(
            &layout.root.join(style),
            &layout.pkg_dir.join(format!("{}.css", site.name)),
        )?;
    }
    step(&format!("site ready in {}", layout.site_root.display()));
    Ok(binary)
}

fn server_args(site: &Site, release: bool) -> Vec<String> {
    let mut args = vec![
        "build".to_string(),
        format!("--package={}", site.bin_package),
        format!("--bin={}", site.bin_target),
    ];
    if !site.bin_default_features {
        args.push("--no-default-features".into());
    }
    if !site.bin_features.is_empty() {
        args.push(format!("--features={}", site.bin_features.join(",")));
    }
    if release {
        args.push("--release".into());
    }
    args
}

fn front_args(site: &Site, release: bool) -> Vec<String> {
    let mut args = vec![
        "build".to_string(),
        format!("--package={}", site.lib_package),
        "--lib".into(),
        "--target=wasm32-unknown-unknown".into(),
    ];
    if !site.lib_default_features {
        args.push("--no-default-features".into());
    }
    if !site.lib_features.is_empty() {
        args.push(format!("--features={}", site.lib_features.join(",")));
    }
    args.extend(site.lib_cargo_args.iter().cloned());
    if release {
        match &site.lib_profile_release {
            Some(profile) => args.push(format!("--profile={profile}")),
            None => args.push("--release".into()),
        }
    }
    args
}

fn step(what: &str) {
    eprintln!("\x1b[1;34m[xtask]\x1b[0m {what}");
}

fn cargo(root: &Path, args: &[String]) -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.args(args).current_dir(root);
    command
}

fn run(mut command: Command) -> Result<()> {
    let status = command.status().context("running cargo")?;
    if !status.success() {
        bail!("{command:?} failed");
    }
    Ok(())
}

/// wasm-bindgen (and wasm-opt in release) into `pkg/`, unless the input is
/// the one the current output was made from.
fn bindgen(site: &Site, layout: &Layout, wasm: &Path, release: bool) -> Result<()> {
    let input = fs::read(wasm).with_context(|| format!("reading {}", wasm.display()))?;
    let js = layout.pkg_dir.join(format!("{}.js", site.name));
    let out_wasm = layout.pkg_dir.join(format!("{}.wasm", site.name));
    let stamp_file = layout.pkg_dir.join(".xtask-stamp");
    let stamp = {
        let mut hasher = DefaultHasher::new();
        input.hash(&mut hasher);
        release.hash(&mut hasher);
        site.name.hash(&mut hasher);
        env!("CARGO_PKG_VERSION").hash(&mut hasher);
        format!("{:016x}", hasher.finish())
    };
    if js.exists() && out_wasm.exists() && fs::read_to_string(&stamp_file).is_ok_and(|s| s == stamp)
    {
        step("wasm-bindgen: WebAssembly unchanged, kept");
        return Ok(());
    }
    step("wasm-bindgen");
    let _ = fs::remove_file(&stamp_file);
    // With bytes as input, the name given is the output's stem.
    let mut output = wasm_bindgen_cli_support::Bindgen::new()
        .input_bytes(&site.name, input)
        .web(true)?
        .typescript(false)
        .generate_output()
        .context("wasm-bindgen")?;
    // Function names: ~100 MB of the debug build (demangled generics), sent
    // to every browser. Release builds lose them in wasm-opt. A panic still
    // prints its message and location.
    for function in output.wasm_mut().funcs.iter_mut() {
        function.name = None;
    }
    output.emit(&layout.pkg_dir).context("wasm-bindgen")?;
    // Leptos's hydration script loads `{name}.wasm` (cargo-leptos renames too).
    fs::rename(
        layout.pkg_dir.join(format!("{}_bg.wasm", site.name)),
        &out_wasm,
    )?;
    if release {
        step("wasm-opt -Oz");
        let status = Command::new("wasm-opt")
            .arg("-Oz")
            .arg("--enable-bulk-memory")
            .arg(&out_wasm)
            .arg("-o")
            .arg(&out_wasm)
            .status()
            .context(
                "running wasm-opt (npm's binaryen; .ci/toolchain.sh installs it into $HAVEN_CACHE/tools)",
            )?;
        if !status.success() {
            bail!("wasm-opt failed");
        }
    }
    fs::write(&stamp_file, stamp)?;
    Ok(())
}

fn copy_if_changed(from: &Path, to: &Path) -> Result<()> {
    let text = fs::read(from).with_context(|| format!("reading {}", from.display()))?;
    if fs::read(to).ok().as_deref() != Some(text.as_slice()) {
        fs::write(to, text)?;
    }
    Ok(())
}

/// Runs the built server with the built site; never returns on success.
fn serve(site: &Site, layout: &Layout, binary: &Path, args: &[String]) -> Result<()> {
    use std::os::unix::process::CommandExt;
    step(&format!("{} serve {}", binary.display(), args.join(" ")));
    let error = Command::new(binary)
        .arg("serve")
        .args(args)
        .env("LEPTOS_SITE_ROOT", &layout.site_root)
        .env("LEPTOS_SITE_PKG_DIR", &site.site_pkg_dir)
        .env("LEPTOS_OUTPUT_NAME", &site.name)
        .current_dir(&layout.root)
        .exec();
    Err(error).with_context(|| format!("starting {}", binary.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    #[test]
    fn reads_the_site_from_the_workspace_metadata() -> Result<()> {
        let site = read_site(&root().join("Cargo.toml"))?;
        assert_eq!(site.name, "haven");
        assert_eq!(site.bin_target, "haven");
        assert_eq!(site.lib_package, "app");
        assert_eq!(site.lib_features, vec!["hydrate".to_string()]);
        let front = front_args(&site, true);
        assert!(front.contains(&"--target=wasm32-unknown-unknown".to_string()));
        assert!(front.contains(&"--profile=wasm-release".to_string()));
        assert!(front.contains(&"-Zbuild-std=std,panic_abort".to_string()));
        assert!(
            !front_args(&site, false)
                .iter()
                .any(|a| a.contains("profile"))
        );
        Ok(())
    }

    /// wasm-bindgen's JS and the module's bindings must come from one
    /// version: the library here must equal the crate in Cargo.lock.
    #[test]
    fn bindgen_library_matches_the_wasm_bindgen_crate() -> Result<()> {
        let lock = fs::read_to_string(root().join("Cargo.lock"))?;
        let version_of = |name: &str| {
            lock.split("[[package]]")
                .find(|p| p.contains(&format!("name = \"{name}\"\n")))
                .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = ")))
                .map(|v| v.trim_matches('"').to_string())
        };
        let crate_version = version_of("wasm-bindgen").context("wasm-bindgen in Cargo.lock")?;
        let library =
            version_of("wasm-bindgen-cli-support").context("cli-support in Cargo.lock")?;
        assert_eq!(crate_version, library);
        Ok(())
    }

    #[test]
    fn site_root_under_target_follows_cargos_target_dir() {
        let root = Path::new("/src/haven");
        let target = Path::new("/cache/target");
        assert_eq!(site_root(root, target, "target/site"), target.join("site"));
        assert_eq!(site_root(root, target, "public"), root.join("public"));
    }
}
