// "Open in Colab" on each page with code (recorded/notebooks/<page>.md, written by the checker's
// doccheck.notebooks): Colab opens a notebook from its path in a GitHub repository, and a page
// cannot know which repository the site is published from. The footer's link to the source code
// can: mkdocs.yml makes it from REPO_URL, which the Pages workflow sets. Runs in the browser,
// asks nothing of any server; without it the link opens Colab's GitHub tab.
(() => {
  const links = document.querySelectorAll("a[data-colab]");
  const source = document.querySelector('.md-social a[href^="https://github.com/"]');
  if (!links.length || !source) return;
  // https://github.com/<owner>/<repo>, or .../tree/<branch> to publish another branch's notebooks.
  const [owner, repo, tree, ...branch] = new URL(source.href).pathname.split("/").filter(Boolean);
  if (!owner || !repo) return;
  const ref = tree === "tree" && branch.length ? branch.join("/") : "main";
  for (const link of links) {
    const notebook = link.getAttribute("data-colab");
    link.href = `https://colab.research.google.com/github/${owner}/${repo.replace(/\.git$/, "")}/blob/${ref}/${notebook}`;
  }
})();
