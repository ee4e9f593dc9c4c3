-- Drives cookielint's language server from a real Neovim (0.7+): opens a policy, attaches the
-- server, waits for its diagnostics and a hover, and writes what the editor received as JSON.
local bin = os.getenv("COOKIELINT_BIN")
local doc = os.getenv("COOKIELINT_DOC")
local out = os.getenv("COOKIELINT_OUT")

vim.cmd("edit " .. vim.fn.fnameescape(doc))
local buf = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = "cookielint",
  cmd = { bin, "lsp" },
  root_dir = vim.fn.fnamemodify(doc, ":h"),
})
vim.lsp.buf_attach_client(buf, client_id)

local arrived = vim.wait(30000, function()
  return #vim.diagnostic.get(buf) > 0
end, 50)

local diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  table.insert(diagnostics, { code = d.code, line = d.lnum + 1, severity = d.severity, message = d.message })
end

-- Hover on the first cookie name the server reported a symbol for.
local hover_text = ""
local client = vim.lsp.get_client_by_id(client_id)
local symbols = client.request_sync("textDocument/documentSymbol", { textDocument = vim.lsp.util.make_text_document_params(buf) }, 10000, buf)
if symbols and symbols.result and symbols.result[1] and symbols.result[1].children[1] then
  local position = symbols.result[1].children[1].selectionRange.start
  local hover = client.request_sync("textDocument/hover", {
    textDocument = vim.lsp.util.make_text_document_params(buf),
    position = position,
  }, 10000, buf)
  if hover and hover.result then
    hover_text = hover.result.contents.value
  end
end

local file = io.open(out, "w")
file:write(vim.fn.json_encode({ arrived = arrived, diagnostics = diagnostics, hover = hover_text }))
file:close()
vim.lsp.stop_client(client_id)
vim.wait(3000, function()
  return vim.lsp.get_client_by_id(client_id) == nil
end, 50)
vim.cmd("qa!")
